import { open, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readFully } from "./read-fully.js";
import { pseudoRandomBytes } from "./test-utils/pseudo-random-bytes.js";
import { useTempDir } from "./test-utils/temp-dir.js";

const tempDir = useTempDir();

describe("readFully", () => {
  it("fills the buffer from a position, and returns less only at end of file", async () => {
    const content = pseudoRandomBytes(10_000, 2);
    const path = join(await tempDir(), "data.bin");
    await writeFile(path, content);
    const handle = await open(path, "r");
    try {
      const buffer = new Uint8Array(4096);
      expect(await readFully(handle, buffer, 100)).toBe(4096);
      expect(Buffer.from(buffer).equals(content.subarray(100, 4196))).toBe(true);
      expect(await readFully(handle, buffer, 8000)).toBe(2000);
      expect(Buffer.from(buffer.subarray(0, 2000)).equals(content.subarray(8000))).toBe(true);
      expect(await readFully(handle, buffer, 10_000)).toBe(0);
    } finally {
      await handle.close();
    }
  });
});
