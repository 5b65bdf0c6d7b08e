import { lstat } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { MapperError } from "./mapper-error.js";
import { removeLinks } from "./remove-links.js";
import { linkScene } from "./test-utils/link-scene.js";
import { tempDirs } from "./test-utils/temp-dirs.js";

describe("removeLinks", () => {
  const tmp = tempDirs();

  it("refuses an empty filter", async () => {
    const s = await linkScene(await tmp());
    await expect(removeLinks(s.registry, {})).rejects.toThrow(
      new MapperError("BAD_INPUT", "refusing to remove every link at once: name an app, a target or a model"),
    );
  });

  it("removes the links of one app and counts what it did", async () => {
    const s = await linkScene(await tmp());
    const a = await s.make("a", "symlink");
    const b = await s.make("b", "hardlink");
    await s.registry.add({ ...b, id: "other-app", app: "other", path: `${b.path}-other` });
    const result = await removeLinks(s.registry, { app: "test" });
    expect(result).toMatchObject({ removed: 2, conflicts: 0, failed: 0, created: 0 });
    await expect(lstat(a.path)).rejects.toThrow();
    await expect(lstat(b.path)).rejects.toThrow();
    expect((await s.registry.list()).map((r) => r.id)).toEqual(["other-app"]);
  });
});
