import fs from "node:fs/promises";
import path from "node:path";
import { scanCacheDir } from "@huggingface/hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IntegrityError } from "./integrity-error.js";
import { scanCache } from "./scan-cache.js";
import {
  blobPath,
  buildCacheFixture,
  type CacheFixture,
  DATASET,
  DATASET_FOLDER,
  entryPath,
  MODEL,
  MODEL_FOLDER,
  TINY,
  TINY_FOLDER,
} from "./test-utils/hub-cache.js";

let fixture: CacheFixture;
beforeAll(async () => {
  fixture = await buildCacheFixture();
});
afterAll(() => fixture.close());

const configSize = (version: number) => JSON.stringify({ version, hidden_size: 64 }).length;
const README = "# model a\n\nA model for tests.\n".length;

describe("scanCache", () => {
  it("agrees with @huggingface/hub's scanCacheDir on a flat repo", async () => {
    const ours = await scanCache(fixture.template);
    const theirs = await scanCacheDir(fixture.template);
    const mine = ours.repos.find((repo) => repo.repoId === TINY);
    const official = theirs.repos.find((repo) => repo.id.name === TINY);
    expect(mine && official).toBeTruthy();
    if (!mine || !official) return;
    expect(mine.nbFiles).toBe(official.filesCount);
    expect(mine.sizeOnDisk).toBe(official.size);
    expect(mine.sizeOnDisk).toBe(8_000 + '{"tiny":true}'.length);
    expect(mine.lastModified).toBe(official.lastModifiedAt.getTime());
    expect(mine.lastAccessed).toBe(official.lastAccessedAt.getTime());
    expect(mine.revisions.map((r) => [r.commit, r.refs, r.size, r.nbFiles, r.snapshotPath])).toEqual(
      official.revisions.map((r) => [r.commitOid, r.refs, r.size, r.files.length, r.path]),
    );
    expect(theirs.repos.map((repo) => repo.id.name).sort()).toEqual(
      ours.repos.map((repo) => repo.repoId).sort(),
    );
  });

  it("counts files in snapshot subfolders, which scanCacheDir misses", async () => {
    const ours = await scanCache(fixture.template);
    const theirs = await scanCacheDir(fixture.template);
    const model = ours.repos.find((repo) => repo.repoId === MODEL);
    const official = theirs.repos.find((repo) => repo.id.name === MODEL);
    // Two configs, README, empty.txt, model.safetensors and sub/dir/x.safetensors: six distinct blobs.
    expect(model?.nbFiles).toBe(6);
    expect(official?.filesCount).toBe(5);
    const blobs = configSize(1) + configSize(2) + README + 0 + 48_000 + 24_000;
    expect(model?.sizeOnDisk).toBe(blobs);
    expect(official?.size).toBe(blobs - 24_000);
    for (const revision of model?.revisions ?? []) expect(revision.nbFiles).toBe(5);
    const dataset = ours.repos.find((repo) => repo.repoId === DATASET);
    expect(dataset).toMatchObject({
      repoType: "dataset",
      nbFiles: 2,
      sizeOnDisk: 16_000 + '{"text":"hello"}\n'.length,
    });
  });

  it("reports refs, revisions sharing blobs, and detached revisions", async () => {
    const scan = await scanCache(fixture.template);
    const model = scan.repos.find((repo) => repo.repoId === MODEL);
    expect(model?.refs).toEqual(["main"]);
    expect(model?.detachedRevisions).toEqual([fixture.v1]);
    const byCommit = new Map(model?.revisions.map((revision) => [revision.commit, revision]));
    expect(byCommit.get(fixture.v2)).toMatchObject({
      refs: ["main"],
      size: configSize(2) + README + 48_000 + 24_000,
      snapshotPath: path.join(fixture.template, MODEL_FOLDER, "snapshots", fixture.v2),
    });
    expect(byCommit.get(fixture.v1)?.refs).toEqual([]);
    // Shared blobs count once: the repo is smaller than its two revisions added up.
    const revisions = (model?.revisions ?? []).reduce((total, revision) => total + revision.size, 0);
    expect(model?.sizeOnDisk).toBeLessThan(revisions);
    expect(scan.sizeOnDisk).toBe(scan.repos.reduce((total, repo) => total + repo.sizeOnDisk, 0));
    expect(scan.warnings).toEqual([]);
  });

  it("lists unreferenced blobs and partial downloads apart from sizeOnDisk", async () => {
    const cache = await fixture.copyCache();
    const before = (await scanCache(cache)).repos.find((repo) => repo.repoId === TINY)?.sizeOnDisk;
    const blobs = path.join(cache, "models--tiny", "blobs");
    const orphan = "a".repeat(64);
    await fs.writeFile(path.join(blobs, orphan), "left over");
    await fs.writeFile(path.join(blobs, `${"b".repeat(64)}.incomplete`), "half");
    const tiny = (await scanCache(cache)).repos.find((repo) => repo.repoId === TINY);
    expect(tiny?.sizeOnDisk).toBe(before);
    expect(tiny?.unreferencedBlobs).toEqual([{ path: path.join(blobs, orphan), blob: orphan, size: 9 }]);
    expect(tiny?.incomplete).toMatchObject([
      { path: path.join(blobs, `${"b".repeat(64)}.incomplete`), size: 4 },
    ]);
  });

  it("warns about stray folders, dangling links and refs to missing snapshots, and goes on", async () => {
    const cache = await fixture.copyCache();
    await fs.mkdir(path.join(cache, ".locks", MODEL_FOLDER), { recursive: true });
    await fs.writeFile(path.join(cache, "version.txt"), "1");
    await fs.mkdir(path.join(cache, "random-dir"));
    await fs.rm(
      await blobPath(cache, DATASET_FOLDER, fixture.hub.repo(`datasets/${DATASET}`).commit, "train.jsonl"),
    );
    await fs.mkdir(path.join(cache, MODEL_FOLDER, "refs", "pr"));
    await fs.writeFile(path.join(cache, MODEL_FOLDER, "refs", "pr", "1"), fixture.v1);
    await fs.writeFile(path.join(cache, MODEL_FOLDER, "refs", "gone"), "f".repeat(40));

    const scan = await scanCache(cache);
    expect(scan.repos.map((repo) => repo.repoId)).toEqual([DATASET, MODEL, TINY]);
    expect(scan.warnings).toHaveLength(3);
    expect(scan.warnings[0]).toMatch(/random-dir: not a repo folder/);
    expect(scan.warnings.find((w) => w.includes("train.jsonl"))).toMatch(/link target is missing/);
    expect(scan.warnings.find((w) => w.includes("refs/gone"))).toMatch(/has no snapshot here/);
    const dataset = scan.repos.find((repo) => repo.repoId === DATASET);
    expect(dataset?.nbFiles).toBe(1);
    const model = scan.repos.find((repo) => repo.repoId === MODEL);
    expect(model?.refs.sort()).toEqual(["gone", "main", "pr/1"]);
    expect(model?.detachedRevisions).toEqual([]);
  });

  it("follows a repo folder linked to another disk, and skips one whose disk is gone", async () => {
    const cache = await fixture.copyCache();
    const elsewhere = `${cache}-disk`;
    await fs.mkdir(elsewhere);
    try {
      await fs.rename(path.join(cache, TINY_FOLDER), path.join(elsewhere, TINY_FOLDER));
      await fs.symlink(path.join(elsewhere, TINY_FOLDER), path.join(cache, TINY_FOLDER));
      await fs.symlink(path.join(elsewhere, "unmounted"), path.join(cache, "models--org--gone"));
      const scan = await scanCache(cache);
      const tiny = scan.repos.find((repo) => repo.repoId === TINY);
      expect(tiny).toMatchObject({ nbFiles: 2, sizeOnDisk: 8_000 + '{"tiny":true}'.length });
      expect(scan.repos.map((repo) => repo.repoId)).not.toContain("org/gone");
      expect(scan.warnings).toEqual([
        `${path.join(cache, "models--org--gone")}: links to a folder that is not there (unmounted disk?); skipped`,
      ]);
    } finally {
      await fs.rm(elsewhere, { recursive: true });
    }
  });

  it("does not call a blob moved to another disk unreferenced, and warns it is out of reach", async () => {
    const cache = await fixture.copyCache();
    const blob = await blobPath(cache, MODEL_FOLDER, fixture.v2, "model.safetensors");
    const moved = `${cache}-${path.basename(blob)}`;
    await fs.rename(blob, moved);
    await fs.symlink(moved, blob);
    try {
      const scan = await scanCache(cache);
      const model = scan.repos.find((repo) => repo.repoId === MODEL);
      expect(model?.unreferencedBlobs).toEqual([]);
      expect(model?.nbFiles).toBe(5);
      expect(scan.warnings).toHaveLength(2);
      expect(scan.warnings.every((w) => w.includes(`resolves outside this repo's blobs/ to ${moved}`))).toBe(
        true,
      );
    } finally {
      await fs.rm(moved);
    }
  });

  it("returns an empty scan for an empty cache folder", async () => {
    const cache = await fixture.copyCache();
    for (const name of await fs.readdir(cache)) await fs.rm(path.join(cache, name), { recursive: true });
    await fs.mkdir(path.join(cache, ".locks"));
    expect(await scanCache(cache)).toEqual({ cacheDir: cache, repos: [], sizeOnDisk: 0, warnings: [] });
  });

  it("throws typed errors for a missing folder, a file, a repo folder and an unrelated folder", async () => {
    const cache = await fixture.copyCache();
    const codeOf = (promise: Promise<unknown>) =>
      promise.then(
        () => "resolved",
        (e: IntegrityError) => e.code,
      );
    expect(await codeOf(scanCache(path.join(cache, "nope")))).toBe("CACHE_NOT_FOUND");
    expect(await codeOf(scanCache(entryPath(cache, MODEL_FOLDER, fixture.v2, "config.json")))).toBe(
      "NOT_A_CACHE",
    );
    const repoError = await scanCache(path.join(cache, MODEL_FOLDER)).catch((e) => e);
    expect(repoError).toBeInstanceOf(IntegrityError);
    expect(repoError.message).toContain(`pass the cache folder ${cache}`);
    const unrelated = path.join(cache, MODEL_FOLDER, "snapshots");
    const error = await scanCache(unrelated).catch((e) => e);
    expect(error.code).toBe("NOT_A_CACHE");
    expect(error.message).toMatch(/^.*snapshots: not a hub cache/);
  });
});
