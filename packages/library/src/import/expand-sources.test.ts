import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { libraryPaths } from "../store/library-paths.js";
import { tempDir, writeLlmGguf, writeSafetensorsShards } from "../test-utils/library-fixtures.js";
import { expandSources } from "./expand-sources.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

const paths = () => libraryPaths(join(dir, "library"));

describe("expandSources", () => {
  it("turns a set's index.json, or two of its members, into one shard-set unit", async () => {
    const files = await writeSafetensorsShards(join(dir, "set"), 2);
    const index = join(dir, "set", "model.safetensors.index.json");
    const { units, skipped } = await expandSources(paths(), [index, files[1] as string, files[0] as string]);
    expect(skipped).toEqual([]);
    expect(units).toHaveLength(1);
    expect(units[0]).toMatchObject({ kind: "shards", name: "model", input: index });
    expect(units[0]?.files.map((f) => f.name)).toEqual([
      "model-00001-of-00002.safetensors",
      "model-00002-of-00002.safetensors",
      "model.safetensors.index.json",
    ]);
  });

  it("finds models and complete sets in a plain folder tree, skipping hidden entries", async () => {
    await writeLlmGguf(join(dir, "tree", "a.gguf"));
    await writeLlmGguf(join(dir, "tree", ".hidden", "b.gguf"));
    await writeLlmGguf(join(dir, "tree", ".c.gguf"));
    await writeSafetensorsShards(join(dir, "tree", "deep", "er"), 2);
    const { units } = await expandSources(paths(), [join(dir, "tree")]);
    expect(units.map((u) => [u.kind, u.name])).toEqual([
      ["file", "a"],
      ["shards", "model"],
    ]);
  });

  it("says when a folder holds no model", async () => {
    await mkdir(join(dir, "empty"));
    await writeFile(join(dir, "empty", "notes.txt"), "x");
    expect((await expandSources(paths(), [join(dir, "empty")])).skipped).toEqual([
      { path: join(dir, "empty"), code: "NO_MODELS", reason: "no model files in this folder" },
    ]);
  });

  it("refuses to register in place a file already inside the library tree", async () => {
    const inside = await writeLlmGguf(join(dir, "library", "llm", "x.gguf"));
    const { units, skipped } = await expandSources(paths(), [inside], { mode: "in-place" });
    expect(units).toEqual([]);
    expect(skipped[0]).toMatchObject({ code: "INSIDE_LIBRARY", reason: expect.stringMatching(/adopt/) });
    expect((await expandSources(paths(), [inside], { mode: "copy" })).units).toHaveLength(1);
  });
});
