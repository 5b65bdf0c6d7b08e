import { lstat, mkdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { removeRecords } from "./remove-records.js";
import { linkScene } from "./test-utils/link-scene.js";
import { tempDirs } from "./test-utils/temp-dirs.js";

describe("removeRecords", () => {
  const tmp = tempDirs();

  it("deletes only files proven mlib's, drops every record, and removes emptied model folders", async () => {
    const s = await linkScene(await tmp());
    const bundle = path.join(s.app, "bundle");
    const hard = await s.make("bundle/inner/hard", "hardlink", {
      dirs: [path.join(bundle, "inner"), bundle],
    });
    const sym = await s.make("sym", "symlink");
    const copy = await s.make("copy", "copy");
    const gone = await s.make("gone", "copy");
    await rm(gone.path);
    // The user edited our copy and replaced our symlink: both stay.
    await utimes(copy.path, new Date(), new Date(2000, 0, 1));
    await rm(sym.path);
    await writeFile(sym.path, "user's");

    const { results, sections } = await removeRecords([hard, sym, copy, gone], s.registry);
    expect(sections).toEqual([]);
    expect(results.map((r) => [path.basename(r.path), r.status])).toEqual([
      ["hard", "done"],
      ["sym", "left"],
      ["copy", "left"],
      ["gone", "done"],
    ]);
    expect(results[1]?.detail).toBe(
      "a file that is not mlib's symlink is there now: not mlib's file, left in place",
    );
    await expect(stat(bundle)).rejects.toThrow(/ENOENT/);
    expect(await readFile(sym.path, "utf8")).toBe("user's");
    expect((await lstat(copy.path)).isFile()).toBe(true);
    expect((await stat(s.source)).isFile()).toBe(true);
    expect(await s.registry.list()).toEqual([]);
  });

  it("keeps a model folder that still holds someone else's file", async () => {
    const s = await linkScene(await tmp());
    const folder = path.join(s.app, "pub", "repo");
    const record = await s.make("pub/repo/m.gguf", "hardlink", { dirs: [folder, path.dirname(folder)] });
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, "other.gguf"), "x");
    await removeRecords([record], s.registry);
    expect((await stat(path.join(folder, "other.gguf"))).isFile()).toBe(true);
  });
});
