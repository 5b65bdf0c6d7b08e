import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitBlobSha1, gitBlobSha1OfBuffer } from "./git-blob-sha1.js";
import { pseudoRandomBytes } from "./test-utils/pseudo-random-bytes.js";
import { gitHashObjectOf } from "./test-utils/reference.js";
import { useTempDir } from "./test-utils/temp-dir.js";

const tempDir = useTempDir();

describe("gitBlobSha1", () => {
  it.each([0, 1, 1024 * 1024, 1024 * 1024 + 1, 3_000_000])(
    "equals git hash-object for %i bytes",
    async (size) => {
      const content = pseudoRandomBytes(size, 21);
      const path = join(await tempDir(), "config.json");
      await writeFile(path, content);
      const expected = await gitHashObjectOf(path);
      expect(await gitBlobSha1(path)).toBe(expected);
      expect(gitBlobSha1OfBuffer(content)).toBe(expected);
    },
  );

  it("knows git's id of the empty blob", () => {
    expect(gitBlobSha1OfBuffer(new Uint8Array(0))).toBe("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
  });

  it("names the file when it is missing, and honours an aborted signal", async () => {
    const path = join(await tempDir(), "nope.txt");
    await expect(gitBlobSha1(path)).rejects.toMatchObject({
      code: "ENOENT",
      message: `${path}: no such file`,
    });
    await expect(gitBlobSha1(path, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: "ABORTED",
    });
  });
});
