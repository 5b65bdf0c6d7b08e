import { rm, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { checkLinks } from "./check-links.js";
import { linkScene } from "./test-utils/link-scene.js";
import { tempDirs } from "./test-utils/temp-dirs.js";

describe("checkLinks", () => {
  const tmp = tempDirs();

  it("reports each record's health", async () => {
    const s = await linkScene(await tmp());
    const ok = await s.make("ok", "hardlink");
    const missing = await s.make("missing", "symlink");
    const modified = await s.make("modified", "copy");
    await rm(missing.path);
    await writeFile(modified.path, "edited by someone");
    const health = await checkLinks(s.registry);
    expect(health.map((h) => [h.record.id, h.status])).toEqual([
      [ok.id, "ok"],
      [missing.id, "missing"],
      [modified.id, "modified"],
    ]);
    expect(await checkLinks(s.registry, { filter: { kind: "copy" }, deep: true })).toHaveLength(1);
  });
});
