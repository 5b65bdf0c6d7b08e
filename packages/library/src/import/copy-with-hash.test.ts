import { randomBytes } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { hashFile } from "@ml/hashing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDir } from "../test-utils/library-fixtures.js";
import { copyWithHash } from "./copy-with-hash.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

describe("copyWithHash", () => {
  it.each([
    ["empty", 0],
    ["smaller than a chunk", 1000],
    ["exactly two chunks", 2 * 64 * 1024],
    ["many chunks and a tail", 10 * 64 * 1024 + 17],
  ])("copies a file %s and returns the digest of its bytes", async (_label, size) => {
    const source = join(dir, "source.bin");
    const bytes = randomBytes(size);
    await writeFile(source, bytes);
    const progress: number[] = [];
    const digest = await copyWithHash(source, join(dir, "dest.bin"), {
      chunkBytes: 64 * 1024,
      onProgress: (n) => progress.push(n),
    });
    expect(Buffer.compare(await readFile(join(dir, "dest.bin")), bytes)).toBe(0);
    const expected = await hashFile(source);
    expect(digest).toEqual({ size, sha256: expected.sha256, blake3: expected.blake3 });
    expect(progress.at(-1) ?? 0).toBe(size);
  });

  it("refuses to overwrite an existing destination", async () => {
    await writeFile(join(dir, "source.bin"), "new");
    await writeFile(join(dir, "dest.bin"), "precious");
    await expect(copyWithHash(join(dir, "source.bin"), join(dir, "dest.bin"))).rejects.toMatchObject({
      code: "EEXIST",
    });
    expect(await readFile(join(dir, "dest.bin"), "utf8")).toBe("precious");
  });

  it("stops when aborted", async () => {
    await writeFile(join(dir, "source.bin"), randomBytes(1024 * 1024));
    const controller = new AbortController();
    const copying = copyWithHash(join(dir, "source.bin"), join(dir, "dest.bin"), {
      chunkBytes: 64 * 1024,
      signal: controller.signal,
      onProgress: (n) => n >= 128 * 1024 && controller.abort(),
    });
    await expect(copying).rejects.toThrow(/abort/i);
    expect(await readdir(dir)).toContain("dest.bin"); // the caller's tmp folder cleans it
  });
});
