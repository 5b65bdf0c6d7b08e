import { createHash } from "node:crypto";
import { open, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FAST_HASH_SAMPLE_BYTES, fastHash } from "./fast-hash.js";
import { pseudoRandomBytes } from "./test-utils/pseudo-random-bytes.js";
import { useTempDir } from "./test-utils/temp-dir.js";

const tempDir = useTempDir();
const S = FAST_HASH_SAMPLE_BYTES;

/** The documented definition, written out independently of the implementation. */
function expectedFastHash(size: number, samples: Uint8Array[]): string {
  const h = createHash("sha256");
  const sizeField = Buffer.alloc(8);
  sizeField.writeBigUInt64LE(BigInt(size));
  h.update(sizeField);
  for (const s of samples) h.update(s);
  return `fh1:${h.digest("hex")}`;
}

async function write(name: string, content: Uint8Array): Promise<string> {
  const path = join(await tempDir(), name);
  await writeFile(path, content);
  return path;
}

async function flipByte(path: string, position: number): Promise<void> {
  const handle = await open(path, "r+");
  try {
    const one = Buffer.alloc(1);
    await handle.read(one, 0, 1, position);
    one[0] = (one[0] as number) ^ 0xff;
    await handle.write(one, 0, 1, position);
  } finally {
    await handle.close();
  }
}

describe("fastHash", () => {
  it("hashes size and whole content for files up to 3 x 64 KiB", async () => {
    for (const size of [0, 1, 3 * S]) {
      const content = pseudoRandomBytes(size, 5);
      expect(await fastHash(await write(`small-${size}`, content))).toBe(expectedFastHash(size, [content]));
    }
  });

  it("hashes size and the first, middle and last 64 KiB of larger files", async () => {
    const size = 3 * S + 1001;
    const content = pseudoRandomBytes(size, 6);
    const middle = Math.floor((size - S) / 2);
    const expected = expectedFastHash(size, [
      content.subarray(0, S),
      content.subarray(middle, middle + S),
      content.subarray(size - S),
    ]);
    expect(await fastHash(await write("large.bin", content))).toBe(expected);
  });

  it("is the same for the same content and differs for a flipped byte in each sampled region", async () => {
    const size = 10 * S + 3;
    const content = pseudoRandomBytes(size, 8);
    const a = await write("a.bin", content);
    const b = await write("b.bin", content);
    const original = await fastHash(a);
    expect(await fastHash(b)).toBe(original);
    for (const position of [0, S - 1, Math.floor((size - S) / 2), size - S, size - 1]) {
      await flipByte(b, position);
      expect(await fastHash(b)).not.toBe(original);
      await flipByte(b, position);
      expect(await fastHash(b)).toBe(original);
    }
  });

  it("does not see a change outside the samples (documented: it samples)", async () => {
    const content = pseudoRandomBytes(10 * S, 9);
    const path = await write("c.bin", content);
    const before = await fastHash(path);
    await flipByte(path, 2 * S);
    expect(await fastHash(path)).toBe(before);
  });

  it("differs when only the size changes", async () => {
    const path = await write("zeros.bin", new Uint8Array(5 * S));
    const before = await fastHash(path);
    await truncate(path, 5 * S + 1);
    expect(await fastHash(path)).not.toBe(before);
  });

  it("reads a sparse 20 GiB file in constant time", async () => {
    const path = join(await tempDir(), "huge.bin");
    const size = 20 * 1024 ** 3;
    await writeFile(path, "");
    await truncate(path, size);
    const zeros = new Uint8Array(S);
    expect(await fastHash(path)).toBe(expectedFastHash(size, [zeros, zeros, zeros]));
  });

  it("names the file in errors", async () => {
    const path = join(await tempDir(), "missing");
    await expect(fastHash(path)).rejects.toMatchObject({ code: "ENOENT", message: `${path}: no such file` });
  });
});
