import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type ProbeCache, probeLinkSupport } from "./probe-link-support.js";
import { tempDirs } from "./test-utils/temp-dirs.js";

describe("probeLinkSupport", () => {
  const tmp = tempDirs();

  it("finds hard links and symlinks on one file system, leaves nothing behind, and caches per device pair", async () => {
    const dir = await tmp();
    const source = path.join(dir, "model.gguf");
    await writeFile(source, "GGUF weights");
    const cache: ProbeCache = new Map();
    const probe = await probeLinkSupport(source, path.join(dir, "not", "yet"), cache);
    expect(probe).toMatchObject({ dir, hardlink: true, symlink: true });
    expect(probe.sourceDev).toBe(probe.targetDev);
    expect(probe.reflink).toBe(probe.reasons.reflink === undefined);
    expect(await readdir(dir)).toEqual(["model.gguf"]);
    expect(cache.size).toBe(1);
    expect(await probeLinkSupport(source, dir, cache)).toBe(probe);
    expect(await probeLinkSupport(source, dir, new Map())).not.toBe(probe);
  });

  it("fails on a missing source file", async () => {
    const dir = await tmp();
    await expect(probeLinkSupport(path.join(dir, "gone"), dir, new Map())).rejects.toThrow(/ENOENT/);
  });
});
