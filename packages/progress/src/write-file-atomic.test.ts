import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fsyncDir } from "./fsync-dir.js";
import { tempNameBeside, writeFileAtomic, writeJsonAtomic } from "./write-file-atomic.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "progress-atomic-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("writeFileAtomic", () => {
  it("creates or replaces a file whole, with the asked mode, and leaves no temp file", async () => {
    const file = join(dir, "metadata.json");
    await writeFileAtomic(file, "old");
    await writeFileAtomic(file, "new", { mode: 0o600 });
    expect(await readFile(file, "utf8")).toBe("new");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(["metadata.json"]);
  });

  it("removes its temp file and leaves the target alone when the rename fails", async () => {
    // A non-empty folder where the file should go: rename(2) refuses to replace it.
    const target = join(dir, "metadata.json");
    await mkdir(target);
    await writeFile(join(target, "keep"), "x");
    await expect(writeFileAtomic(target, "new")).rejects.toThrow();
    expect(await readdir(dir)).toEqual(["metadata.json"]);
    expect(await readFile(join(target, "keep"), "utf8")).toBe("x");
  });

  it("fails without leaving anything when the folder is gone", async () => {
    await expect(writeFileAtomic(join(dir, "missing", "f"), "x")).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual([]);
  });

  it("writes pretty JSON with a final newline", async () => {
    const file = join(dir, "a.json");
    await writeJsonAtomic(file, { a: [1] });
    expect(await readFile(file, "utf8")).toBe('{\n  "a": [\n    1\n  ]\n}\n');
  });
});

describe("tempNameBeside and fsyncDir", () => {
  it("temp names are hidden, beside the file and unique", () => {
    const a = tempNameBeside("/x/y/file.yaml");
    expect(dirname(a)).toBe("/x/y");
    expect(basename(a)).toMatch(/^\.file\.yaml\.mlib-\d+-[0-9a-f]{8}\.tmp$/);
    expect(tempNameBeside("/x/y/file.yaml")).not.toBe(a);
  });

  it("syncs a folder, and reports a folder that does not exist", async () => {
    await expect(fsyncDir(dir)).resolves.toBeUndefined();
    await expect(fsyncDir(join(dir, "nope"))).rejects.toThrow(/ENOENT/);
  });
});
