import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bufferSource, withFileSource } from "./byte-source.js";

describe("bufferSource", () => {
  it("reads ranges and clamps at both ends", async () => {
    const source = bufferSource(Uint8Array.from([1, 2, 3, 4]), 100);
    expect(source.size).toBe(100);
    expect([...(await source.read(1, 2))]).toEqual([2, 3]);
    expect([...(await source.read(3, 50))]).toEqual([4]);
    expect([...(await source.read(-5, 1))]).toEqual([1]);
    expect(await source.read(10, 2)).toHaveLength(0);
  });
});

describe("withFileSource", () => {
  it("reads at offsets, stops at the end, and closes the file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mlib-bs-"));
    try {
      const path = join(dir, "f.bin");
      await writeFile(path, Buffer.from("hello world"));
      const got = await withFileSource(path, async (source) => ({
        size: source.size,
        mid: Buffer.from(await source.read(6, 5)).toString(),
        tail: Buffer.from(await source.read(9, 1000)).toString(),
      }));
      expect(got).toEqual({ size: 11, mid: "world", tail: "ld" });
      await expect(withFileSource(path, async () => Promise.reject(new Error("boom")))).rejects.toThrow(
        "boom",
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
