import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "./test-utils/temp-dir.js";
import { writeFileAtomic } from "./write-file-atomic.js";

describe("writeFileAtomic", () => {
  it("replaces a file whole and leaves no temp file behind", async () => {
    const dir = await tempDir();
    const path = join(dir, "ref");
    await writeFile(path, "old contents");
    await writeFileAtomic(path, "new");
    expect(await readFile(path, "utf8")).toBe("new");
    expect(await readdir(dir)).toEqual(["ref"]);
    await expect(writeFileAtomic(join(dir, "missing", "x"), "y")).rejects.toMatchObject({ code: "ENOENT" });
    expect(await readdir(dir)).toEqual(["ref"]);
  });
});
