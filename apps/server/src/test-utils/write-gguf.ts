import { writeFile } from "node:fs/promises";

/** Metadata values a test GGUF may hold: strings and unsigned 32-bit numbers. */
export type GgufValue = string | number;

const STRING = 8;
const UINT32 = 4;

/**
 * A GGUF v3 file with the given metadata, one tiny F32 tensor and `padding` bytes of data, so
 * that files with the same metadata still differ when `padding` (a seed) differs.
 */
export function buildGguf(metadata: Record<string, GgufValue>, seed = 0): Buffer {
  const parts: Buffer[] = [];
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    parts.push(b);
  };
  const u64 = (n: number) => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(n));
    parts.push(b);
  };
  const str = (s: string) => {
    const bytes = Buffer.from(s, "utf8");
    u64(bytes.length);
    parts.push(bytes);
  };
  parts.push(Buffer.from("GGUF"));
  u32(3);
  u64(1); // tensors
  u64(Object.keys(metadata).length);
  for (const [key, value] of Object.entries(metadata)) {
    str(key);
    if (typeof value === "string") {
      u32(STRING);
      str(value);
    } else {
      u32(UINT32);
      u32(value);
    }
  }
  // One F32 tensor of 8 values at offset 0 of the data section.
  str("token_embd.weight");
  u32(1);
  u64(8);
  u32(0);
  u64(0);
  const header = Buffer.concat(parts);
  const aligned = Math.ceil(header.length / 32) * 32;
  const data = Buffer.alloc(32);
  data.writeUInt32LE(seed >>> 0, 0);
  return Buffer.concat([header, Buffer.alloc(aligned - header.length), data]);
}

/** Writes an LLM GGUF named like the files people download (`<name>-<quant>.gguf`). */
export async function writeLlmGguf(
  path: string,
  options: { architecture?: string; name?: string; fileType?: number; seed?: number } = {},
): Promise<void> {
  const architecture = options.architecture ?? "llama";
  await writeFile(
    path,
    buildGguf(
      {
        "general.architecture": architecture,
        "general.name": options.name ?? "Test Model",
        "general.file_type": options.fileType ?? 15,
        [`${architecture}.context_length`]: 4096,
      },
      options.seed,
    ),
  );
}
