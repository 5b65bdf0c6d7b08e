import { symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lstatOrNull } from "./lstat-or-null.js";
import { tempDirs } from "./test-utils/temp-dirs.js";

describe("lstatOrNull", () => {
  const tmp = tempDirs();

  it("stats the link itself, and gives null when nothing is there", async () => {
    const dir = await tmp();
    await writeFile(path.join(dir, "f"), "x");
    await symlink(path.join(dir, "nowhere"), path.join(dir, "l"));
    expect((await lstatOrNull(path.join(dir, "f")))?.isFile()).toBe(true);
    expect((await lstatOrNull(path.join(dir, "l")))?.isSymbolicLink()).toBe(true);
    expect(await lstatOrNull(path.join(dir, "missing"))).toBeNull();
    expect(await lstatOrNull(path.join(dir, "f", "under-a-file"))).toBeNull();
  });
});
