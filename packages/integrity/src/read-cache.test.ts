import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openCache, readRepo } from "./read-cache.js";
import {
  buildCacheFixture,
  type CacheFixture,
  DATASET,
  MODEL,
  MODEL_FOLDER,
  TINY,
} from "./test-utils/hub-cache.js";

let fixture: CacheFixture;
beforeAll(async () => {
  fixture = await buildCacheFixture();
});
afterAll(() => fixture.close());

describe("openCache", () => {
  it("lists repo folders sorted, and selects by repo id or folder name", async () => {
    const all = await openCache(fixture.template);
    expect(all.repos.map((repo) => repo.repoId)).toEqual([DATASET, MODEL, TINY]);
    const some = await openCache(fixture.template, [MODEL_FOLDER, TINY]);
    expect(some.repos.map((repo) => [repo.repoType, repo.repoId])).toEqual([
      ["model", MODEL],
      ["model", TINY],
    ]);
  });
});

describe("readRepo", () => {
  it("reads refs and every snapshot entry, subfolders included, with /-separated paths", async () => {
    const [folder] = (await openCache(fixture.template, [MODEL])).repos;
    if (!folder) throw new Error("fixture has no model");
    const repo = await readRepo(folder);
    expect(repo.refs).toEqual([{ name: "main", commit: fixture.v2 }]);
    expect(repo.revisions.map((revision) => revision.commit).sort()).toEqual([fixture.v1, fixture.v2].sort());
    const v2 = repo.entries.filter((entry) => entry.revision === fixture.v2).map((entry) => entry.path);
    expect(v2).toEqual([
      "README.md",
      "config.json",
      "empty.txt",
      "model.safetensors",
      "sub/dir/x.safetensors",
    ]);
    expect(repo.blobs.real).toBe(await fs.realpath(path.join(fixture.template, MODEL_FOLDER, "blobs")));
    expect(repo.blobFiles).toHaveLength(6);
    expect(repo.warnings).toEqual([]);
  });
});
