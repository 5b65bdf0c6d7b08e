import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type PartSidecar, readSidecar, sameSidecar } from "./part-sidecar.js";
import { tempDir } from "./test-utils/temp-dir.js";

const sidecar: PartSidecar = {
  version: 1,
  url: "http://hub/org/m/resolve/c/m.gguf",
  repo: "org/m",
  path: "m.gguf",
  commit: "c".repeat(40),
  size: 10,
  sha256: "a".repeat(64),
};

describe("part sidecars", () => {
  it("vouch for a part only when every field matches", async () => {
    const dir = await tempDir();
    const path = join(dir, "m.gguf.part.json");
    expect(await readSidecar(path)).toBeUndefined();
    await writeFile(path, JSON.stringify(sidecar));
    expect(sameSidecar(await readSidecar(path), sidecar)).toBe(true);
    for (const change of [
      { size: 11 },
      { sha256: "b".repeat(64) },
      { commit: "d".repeat(40) },
      { gitSha1: "e".repeat(40) },
    ]) {
      expect(sameSidecar({ ...sidecar, ...change }, sidecar)).toBe(false);
    }
    await writeFile(path, "{ torn");
    expect(await readSidecar(path)).toBeUndefined();
    expect(sameSidecar(undefined, sidecar)).toBe(false);
  });
});
