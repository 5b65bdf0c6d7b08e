import { mkdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { nearestExistingDir } from "./nearest-existing-dir.js";
import { tempDirs } from "./test-utils/temp-dirs.js";

describe("nearestExistingDir", () => {
  const tmp = tempDirs();

  it("climbs to the closest folder that exists, past files", async () => {
    const dir = await tmp();
    await mkdir(path.join(dir, "a"));
    await writeFile(path.join(dir, "a", "file"), "");
    const dev = (await stat(dir)).dev;
    expect(await nearestExistingDir(path.join(dir, "a", "b", "c"))).toEqual({
      dir: path.join(dir, "a"),
      dev,
    });
    expect(await nearestExistingDir(path.join(dir, "a", "file", "x"))).toEqual({
      dir: path.join(dir, "a"),
      dev,
    });
    expect((await nearestExistingDir(dir)).dir).toBe(dir);
  });
});
