import { GGMLQuantizationType as T } from "@huggingface/gguf";
import { describe, expect, it } from "vitest";
import { buildGguf, type GgufSpec, kv } from "../test-utils/gguf-writer.js";
import { type ByteSource, bufferSource } from "./byte-source.js";
import { MAX_GGUF_HEADER_BYTES, readGgufHeader } from "./gguf-header.js";
import { IdentifyError } from "./identify-error.js";

const spec: GgufSpec = {
  metadata: {
    "general.architecture": kv.str("llama"),
    "llama.context_length": kv.u32(4096),
    "general.name": kv.str("x"),
  },
  tensors: [
    { name: "a.weight", shape: [64, 4], type: T.F16 },
    { name: "b.weight", shape: [256, 2], type: T.Q4_K },
  ],
};

/** A source that claims `size` bytes, serves `bytes` then zeros, and records every read. */
function claiming(bytes: Uint8Array, size: number): ByteSource & { reads: number[] } {
  const reads: number[] = [];
  return {
    size,
    reads,
    async read(offset, length) {
      reads.push(length);
      const out = new Uint8Array(Math.min(length, size - offset));
      out.set(bytes.subarray(offset, offset + out.length));
      return out;
    },
  };
}

async function failure(source: ByteSource): Promise<IdentifyError> {
  const error = await readGgufHeader(source).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(IdentifyError);
  return error as IdentifyError;
}

describe("readGgufHeader", () => {
  it("reads metadata, tensors, data offset and parameter count", async () => {
    const built = buildGguf(spec);
    const h = await readGgufHeader(bufferSource(built.bytes));
    expect(h.version).toBe(3);
    expect(h.littleEndian).toBe(true);
    expect(h.metadata.get("llama.context_length")).toBe(4096);
    expect(h.tensors.map((t) => [t.name, t.shape, t.type, t.offset])).toEqual([
      ["a.weight", [64, 4], T.F16, 0],
      ["b.weight", [256, 2], T.Q4_K, 512],
    ]);
    expect(h.dataOffset).toBe(built.dataOffset);
    expect(h.parameterCount).toBe(built.parameterCount);
  });

  it("keeps long arrays and strings by size only", async () => {
    const tokens = Array.from({ length: 1000 }, (_, i) => `token-${i}`);
    const long = "x".repeat(5000);
    const built = buildGguf({
      ...spec,
      metadata: {
        ...spec.metadata,
        "t.tokens": kv.strs(tokens),
        "t.long": kv.str(long),
        "t.f": kv.f32s([1, 2]),
      },
    });
    const h = await readGgufHeader(bufferSource(built.bytes));
    expect(h.metadata.get("t.tokens")).toEqual({ omitted: "array", length: 1000, elementType: "string" });
    expect(h.metadata.get("t.long")).toEqual({ omitted: "string", length: 5000 });
    expect(h.metadata.get("t.f")).toEqual([1, 2]);
  });

  it("grows its window for a header larger than 1 MiB, reading no further than the header", async () => {
    const tokens = Array.from({ length: 150_000 }, (_, i) => `token-${i}`);
    const built = buildGguf({
      ...spec,
      metadata: { ...spec.metadata, "tokenizer.ggml.tokens": kv.strs(tokens) },
    });
    expect(built.dataOffset).toBeGreaterThan(2 ** 20);
    const source = claiming(built.bytes, built.bytes.length + 10 * 2 ** 30);
    const h = await readGgufHeader(source);
    expect(h.metadata.get("tokenizer.ggml.tokens")).toMatchObject({ length: 150_000 });
    expect(source.reads[0]).toBe(2 ** 20);
    expect(Math.max(...source.reads)).toBeLessThanOrEqual(2 * built.dataOffset);
  });

  // sizeFields of `spec`: 0 tensor count, 1 kv count, 2-3 architecture key and value, 4 context
  // key, 5-6 name key and value, then tensor infos.
  it("refuses a header that would run past 256 MiB without reading it", async () => {
    const built = buildGguf(spec);
    const bytes = built.bytes.slice();
    new DataView(bytes.buffer).setBigUint64(built.sizeFields[6]?.offset ?? 0, 300n * 2n ** 20n, true);
    const source = claiming(bytes, 2 ** 30);
    const error = await failure(source);
    expect(error.code).toBe("HEADER_TOO_LARGE");
    expect(Math.max(...source.reads)).toBeLessThanOrEqual(2 ** 20);
    expect(MAX_GGUF_HEADER_BYTES).toBe(256 * 2 ** 20);
  });

  // Each case is a count or length that @huggingface/gguf 0.4.6 would act on before checking it
  // against the file.
  it.each([
    ["tensor count 2^60", 8, 2n ** 60n, "BAD_HEADER", /tensor count is \d+, more than any file could hold/],
    ["tensor count past the file", 8, 5000n, "TRUNCATED", /tensor count is 5000 but only \d+ bytes follow/],
    ["key/value count 2^64-1", 16, 2n ** 64n - 1n, "BAD_HEADER", /key\/value count/],
    [
      "key length 2^60",
      24,
      2n ** 60n,
      "BAD_HEADER",
      /metadata key length is \d+, more than any file could hold/,
    ],
  ])("rejects %s", async (_label, offset, value, code, message) => {
    const bytes = buildGguf(spec).bytes.slice();
    new DataView(bytes.buffer).setBigUint64(offset, value, true);
    const error = await failure(bufferSource(bytes));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it("rejects a 1M-item array in a small file at once instead of walking zeros", async () => {
    const built = buildGguf({ ...spec, metadata: { ...spec.metadata, "t.tokens": kv.strs(["a", "b"]) } });
    const bytes = built.bytes.slice();
    new DataView(bytes.buffer).setBigUint64(built.sizeFields[8]?.offset ?? 0, 1_000_000n, true);
    const error = await failure(bufferSource(bytes));
    expect(error.code).toBe("TRUNCATED");
    expect(error.message).toMatch(/array length of t\.tokens is 1000000 but only \d+ bytes follow/);
  });

  it.each<[string, GgufSpec, RegExp]>([
    [
      "shapes no file could hold",
      { ...spec, tensors: [{ name: "w", shape: [2 ** 40, 2 ** 40], type: T.F32 }] },
      /could hold/,
    ],
    [
      "five dimensions",
      { ...spec, tensors: [{ name: "w", shape: [1, 1, 1, 1, 1], type: T.F32 }] },
      /5 dimensions/,
    ],
    [
      "a row that splits a block",
      { ...spec, tensors: [{ name: "w", shape: [100, 2], type: T.Q8_0 }] },
      /not a multiple of the Q8_0 block/,
    ],
    [
      "an alignment of 48",
      { ...spec, metadata: { ...spec.metadata, "general.alignment": kv.u32(48) } },
      /not a power of two/,
    ],
  ])("rejects %s", async (_label, bad, message) => {
    const built = buildGguf(bad, { withData: false });
    const bytes = new Uint8Array(built.dataOffset + 4096);
    bytes.set(built.bytes);
    const error = await failure(bufferSource(bytes));
    expect(error.code).toBe("BAD_HEADER");
    expect(error.message).toMatch(message);
  });

  it("rejects duplicate keys and duplicate tensor names", async () => {
    const dupTensor = buildGguf({
      ...spec,
      tensors: [spec.tensors[0], spec.tensors[0]].filter((t) => t !== undefined),
    });
    expect((await failure(bufferSource(dupTensor.bytes))).message).toMatch(/duplicate tensor a\.weight/);
    const built = buildGguf({ ...spec, metadata: { "aa.x": kv.u32(1), "aa.y": kv.u32(2) } });
    const bytes = built.bytes.slice();
    bytes.set(new TextEncoder().encode("aa.x"), (built.sizeFields[3]?.offset ?? 0) + 8);
    expect((await failure(bufferSource(bytes))).message).toMatch(/duplicate key aa\.x/);
  });
});
