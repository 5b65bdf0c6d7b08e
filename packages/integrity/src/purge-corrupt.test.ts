import { execFileSync } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { downloadFileToCacheDir } from "@huggingface/hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IntegrityError } from "./integrity-error.js";
import { purgeCorrupt } from "./purge-corrupt.js";
import { repoFolderName } from "./repo-folder.js";
import {
  blobPath,
  buildCacheFixture,
  type CacheFixture,
  DATASET,
  DATASET_FOLDER,
  damageCache,
  entryPath,
  MODEL,
  MODEL_FOLDER,
  quietly,
  TINY_FOLDER,
} from "./test-utils/hub-cache.js";
import { verifyCache } from "./verify-cache.js";

let fixture: CacheFixture;
beforeAll(async () => {
  fixture = await buildCacheFixture();
});
afterAll(() => fixture.close());

/** Every entry under `dir` with its type, size and link target: equal listings mean nothing changed. */
async function listing(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of await fs.readdir(dir, { recursive: true })) {
    const file = path.join(dir, name);
    const stats = await fs.lstat(file);
    const target = stats.isSymbolicLink() ? await fs.readlink(file) : "";
    out.push(`${name} ${stats.isDirectory() ? "d" : stats.size} ${target}`);
  }
  return out.sort();
}

const folderOf = (repoId: string) =>
  repoId === DATASET ? repoFolderName("dataset", repoId) : repoFolderName("model", repoId);

describe("purgeCorrupt", () => {
  it("removes exactly the corrupt blobs and their links, after which the client restores them", async () => {
    const cache = await fixture.copyCache();
    const damage = await damageCache(fixture, cache);
    const badBlobs = await Promise.all(
      damage
        .filter((d) => d.problem !== "dangling")
        .map((d) => blobPath(cache, folderOf(d.repoId), d.revision, d.path)),
    );
    const report = await verifyCache(cache, { deep: true });
    const result = await purgeCorrupt(cache, { report });

    const pointers = damage.map((d) => entryPath(cache, folderOf(d.repoId), d.revision, d.path));
    expect(
      result.removed
        .filter((r) => r.kind === "pointer")
        .map((r) => r.path)
        .sort(),
    ).toEqual(pointers.sort());
    // Four distinct bad blobs: truncated, flipped, wrong README (shared by two revisions), empty.
    expect(
      result.removed
        .filter((r) => r.kind === "blob")
        .map((r) => r.path)
        .sort(),
    ).toEqual([...new Set(badBlobs)].sort());
    expect(result).toMatchObject({ dryRun: false, count: 12, skipped: [], warnings: [] });
    for (const removed of result.removed)
      await expect(fs.lstat(removed.path)).rejects.toMatchObject({ code: "ENOENT" });

    const after = await verifyCache(cache, { deep: true });
    expect(after).toMatchObject({ corrupt: 0, unverifiable: 0, verified: 14 - damage.length });

    await quietly(async () => {
      for (const d of damage) {
        const repo = d.repoId === DATASET ? { type: "dataset" as const, name: d.repoId } : d.repoId;
        await downloadFileToCacheDir({
          repo,
          path: d.path,
          revision: d.revision,
          cacheDir: cache,
          hubUrl: fixture.hub.url,
        });
      }
    });
    expect(await verifyCache(cache, { deep: true })).toMatchObject({
      corrupt: 0,
      unverifiable: 0,
      verified: 14,
    });
  });

  it("must remove the blob too: with the links alone gone, the client links the bad blob again", async () => {
    const cache = await fixture.copyCache();
    await fs.truncate(await blobPath(cache, MODEL_FOLDER, fixture.v2, "model.safetensors"), 100);
    const file = entryPath(cache, MODEL_FOLDER, fixture.v2, "model.safetensors");
    await fs.rm(file);
    await quietly(() =>
      downloadFileToCacheDir({
        repo: MODEL,
        path: "model.safetensors",
        revision: fixture.v2,
        cacheDir: cache,
        hubUrl: fixture.hub.url,
      }),
    );
    expect((await fs.stat(file)).size).toBe(100);
    expect((await verifyCache(cache, { deep: true, repos: [MODEL] })).corrupt).toBe(2);
  });

  it("verifies by itself when given no report, and a dry run changes nothing", async () => {
    const cache = await fixture.copyCache();
    const damage = await damageCache(fixture, cache);
    const before = await listing(cache);
    const dry = await purgeCorrupt(cache, { deep: true, dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, count: 12 });
    expect(await listing(cache)).toEqual(before);
    const cheap = await purgeCorrupt(cache, { dryRun: true });
    expect(cheap.removed.filter((r) => r.kind === "pointer")).toHaveLength(
      damage.filter((d) => d.cheap).length,
    );
    const real = await purgeCorrupt(cache, { deep: true });
    expect(real.removed).toEqual(dry.removed);
  });

  it("never follows a link out of the cache, nor removes it", async () => {
    const cache = await fixture.copyCache();
    const outside = `${cache}-outside.bin`;
    await fs.writeFile(outside, "not yours");
    try {
      const file = entryPath(cache, MODEL_FOLDER, fixture.v2, "config.json");
      await fs.rm(file);
      await fs.symlink(outside, file);
      const result = await purgeCorrupt(cache, { deep: true });
      expect(result.count).toBe(0);
      expect(await fs.readFile(outside, "utf8")).toBe("not yours");
      expect(await fs.readlink(file)).toBe(outside);
    } finally {
      await fs.rm(outside);
    }
  });

  it("removes a looping link and the link standing in for its blob", async () => {
    const cache = await fixture.copyCache();
    const file = entryPath(cache, MODEL_FOLDER, fixture.v2, "README.md");
    const loop = path.join(cache, MODEL_FOLDER, "blobs", "loop");
    await fs.rm(file);
    await fs.symlink("../../blobs/loop", file);
    await fs.symlink("loop", loop);
    const result = await purgeCorrupt(cache, {});
    expect(result.removed.map((r) => [r.kind, r.path]).sort()).toEqual([
      ["blob", loop],
      ["pointer", file],
    ]);
    expect((await verifyCache(cache)).corrupt).toBe(0);
  });

  it("leaves a folder or a FIFO standing in for a blob, and says so", async () => {
    const cache = await fixture.copyCache();
    const folder = await blobPath(cache, MODEL_FOLDER, fixture.v2, "model.safetensors");
    await fs.rm(folder);
    await fs.mkdir(folder);
    await fs.writeFile(path.join(folder, "keep.txt"), "mine");
    const fifo = await blobPath(cache, TINY_FOLDER, fixture.hub.repo("tiny").commit, "weights.bin");
    await fs.rm(fifo);
    execFileSync("mkfifo", [fifo]);
    const before = await listing(cache);

    const result = await purgeCorrupt(cache, { deep: true });
    expect(result.count).toBe(0);
    expect(result.skipped.map((s) => s.path).sort()).toEqual([fifo, folder].sort());
    expect(result.skipped[0]?.reason).toMatch(/left in place/);
    expect(await listing(cache)).toEqual(before);
  });

  it("leaves blobs it could not read", async () => {
    const cache = await fixture.copyCache();
    const blob = await blobPath(cache, MODEL_FOLDER, fixture.v2, "model.safetensors");
    await fs.chmod(cache, 0o755);
    await fs.chmod(blob, 0o000);
    const asRoot = process.geteuid?.() === 0;
    if (asRoot) process.seteuid?.(65534);
    let report: Awaited<ReturnType<typeof verifyCache>>;
    try {
      report = await verifyCache(cache, { deep: true });
    } finally {
      if (asRoot) process.seteuid?.(0);
    }
    expect(report.unverifiable).toBe(2);
    const before = await listing(cache);
    expect((await purgeCorrupt(cache, { report })).count).toBe(0);
    expect(await listing(cache)).toEqual(before);
  });

  it("leaves a repo alone when its blobs/ links to a disk that is not mounted", async () => {
    const cache = await fixture.copyCache();
    const blobs = path.join(cache, MODEL_FOLDER, "blobs");
    await fs.rm(blobs, { recursive: true });
    await fs.symlink(`${cache}-unmounted/blobs`, blobs);
    const report = await verifyCache(cache, { repos: [MODEL] });
    expect(report).toMatchObject({ corrupt: 0, unverifiable: 10, verified: 0 });
    expect(report.files[0]?.reason).toMatch(/unmounted disk/);
    expect(report.warnings).toEqual([expect.stringMatching(/blobs: links to a folder that is not there/)]);
    const before = await listing(cache);
    expect((await purgeCorrupt(cache, { report })).count).toBe(0);
    expect(await listing(cache)).toEqual(before);
  });

  it("re-checks each finding on disk and leaves what changed since the verify", async () => {
    const cache = await fixture.copyCache();
    const blob = await blobPath(
      cache,
      DATASET_FOLDER,
      fixture.hub.repo(`datasets/${DATASET}`).commit,
      "train.jsonl",
    );
    const saved = await fs.readFile(blob);
    await fs.rm(blob);
    const report = await verifyCache(cache);
    expect(report.corrupt).toBe(1);
    await fs.writeFile(blob, saved);
    const result = await purgeCorrupt(cache, { report });
    expect(result.count).toBe(0);
    expect(result.warnings).toEqual([
      expect.stringMatching(/train\.jsonl: changed since it was verified; left alone$/),
    ]);
  });

  it("refuses a report made for another cache, and folders that are not caches", async () => {
    const cache = await fixture.copyCache();
    await damageCache(fixture, cache);
    const before = await listing(cache);
    const report = await verifyCache(fixture.template);
    const error = await purgeCorrupt(cache, { report }).catch((e) => e);
    expect(error).toBeInstanceOf(IntegrityError);
    expect(error.code).toBe("REPORT_MISMATCH");
    await expect(purgeCorrupt(path.join(cache, "missing"))).rejects.toMatchObject({
      code: "CACHE_NOT_FOUND",
    });
    await expect(purgeCorrupt(path.join(cache, MODEL_FOLDER, "snapshots"))).rejects.toMatchObject({
      code: "NOT_A_CACHE",
    });
    expect(await listing(cache)).toEqual(before);
  });

  it("warns when a removed blob has hard links elsewhere, and leaves those", async () => {
    const cache = await fixture.copyCache();
    const blob = await blobPath(cache, MODEL_FOLDER, fixture.v2, "sub/dir/x.safetensors");
    await fs.truncate(blob, 10);
    const elsewhere = `${cache}-linked.safetensors`;
    await fs.link(blob, elsewhere);
    try {
      const result = await purgeCorrupt(cache, { deep: true });
      expect(result.warnings).toEqual([`${blob}: has 1 other hard link(s); their content is corrupt too`]);
      expect((await fs.stat(elsewhere)).size).toBe(10);
    } finally {
      await fs.rm(elsewhere);
    }
  });

  it("removes stale partial downloads only when asked, and never fresh ones", async () => {
    const cache = await fixture.copyCache();
    const blobs = path.join(cache, MODEL_FOLDER, "blobs");
    const stale = path.join(blobs, `${"c".repeat(64)}.incomplete`);
    const fresh = path.join(blobs, `${"d".repeat(64)}.incomplete`);
    await fs.writeFile(stale, "old");
    await fs.writeFile(fresh, "new");
    const dayAgo = new Date(Date.now() - 24 * 3600_000);
    await fs.utimes(stale, dayAgo, dayAgo);

    expect((await purgeCorrupt(cache, {})).count).toBe(0);
    const result = await purgeCorrupt(cache, { incompleteOlderThanMs: 3600_000 });
    expect(result.removed).toEqual([
      { path: stale, blob: "c".repeat(64), repoId: MODEL, kind: "incomplete" },
    ]);
    await expect(fs.stat(fresh)).resolves.toBeTruthy();
  });
});
