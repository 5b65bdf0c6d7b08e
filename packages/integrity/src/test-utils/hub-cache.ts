// Caches written by the real @huggingface/hub client against the fixture hub, for every test here.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { snapshotDownload } from "@huggingface/hub";
import { type FixtureHub, fixtureBytes, startFixtureHub } from "@ml-tooling/fixture-hub";

export const MODEL = "org/model-a";
export const DATASET = "org/data";
export const TINY = "tiny";
export const MODEL_FOLDER = "models--org--model-a";
export const DATASET_FOLDER = "datasets--org--data";
export const TINY_FOLDER = "models--tiny";

const modelFiles = (version: number) => ({
  "config.json": JSON.stringify({ version, hidden_size: 64 }),
  "README.md": "# model a\n\nA model for tests.\n",
  "model.safetensors": { content: fixtureBytes(48_000, 1), lfs: true },
  "sub/dir/x.safetensors": { content: fixtureBytes(24_000, 2), lfs: true },
});

export interface CacheFixture {
  hub: FixtureHub;
  /** A cache nobody modifies: copy it with `copyCache` before changing anything. */
  template: string;
  /** Commits of MODEL: v1 (detached after the update) and v2 (main); they share every blob but config.json's. */
  v1: string;
  v2: string;
  copyCache(): Promise<string>;
  close(): Promise<void>;
}

/**
 * Three repos (a model with a subfolder file and two revisions sharing blobs, a dataset, a model
 * without organisation), each fetched with the real client's snapshotDownload.
 */
export async function buildCacheFixture(): Promise<CacheFixture> {
  const temps: string[] = [];
  const tempDir = async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "integrity-"));
    temps.push(dir);
    return dir;
  };
  const hub = await startFixtureHub({
    repos: [
      { id: MODEL, files: modelFiles(1) },
      {
        id: DATASET,
        type: "dataset",
        files: {
          "train.jsonl": '{"text":"hello"}\n',
          "data/part-0.parquet": { content: fixtureBytes(16_000, 3), lfs: true },
        },
      },
      {
        id: TINY,
        files: {
          "config.json": '{"tiny":true}',
          "weights.bin": { content: fixtureBytes(8_000, 4), lfs: true },
        },
      },
    ],
  });
  const template = await tempDir();
  const v1 = hub.repo(MODEL).commit;
  await download(hub, template, MODEL);
  await download(hub, template, { type: "dataset", name: DATASET });
  await download(hub, template, TINY);
  const v2 = hub.addRepo({ id: MODEL, files: modelFiles(2) }).commit;
  await download(hub, template, MODEL);
  await addEmptyFile(template, [v1, v2]);
  return {
    hub,
    template,
    v1,
    v2,
    async copyCache() {
      const dir = await tempDir();
      await fs.cp(template, dir, { recursive: true, verbatimSymlinks: true });
      return dir;
    },
    async close() {
      await hub.close();
      await Promise.all(temps.map((dir) => fs.rm(dir, { recursive: true, force: true })));
    },
  };
}

/**
 * A legitimately empty `empty.txt` in both model snapshots, laid out as the clients do (empty blob
 * named by its git blob sha1). Added by hand: the fixture hub answers the client's `Range: bytes=0-0`
 * probe of an empty file with 416, so the JS client cannot fetch one from it.
 */
async function addEmptyFile(cacheDir: string, commits: string[]): Promise<void> {
  const blob = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391";
  await fs.writeFile(path.join(cacheDir, MODEL_FOLDER, "blobs", blob), "");
  for (const commit of commits)
    await fs.symlink(`../../blobs/${blob}`, entryPath(cacheDir, MODEL_FOLDER, commit, "empty.txt"));
}

export async function download(
  hub: FixtureHub,
  cacheDir: string,
  repo: string | { type: "dataset"; name: string },
): Promise<string> {
  return quietly(() => snapshotDownload({ repo, cacheDir, hubUrl: hub.url }));
}

// The client logs every download on console.debug; keep test output readable.
export async function quietly<T>(run: () => Promise<T>): Promise<T> {
  const debug = console.debug;
  console.debug = () => {};
  try {
    return await run();
  } finally {
    console.debug = debug;
  }
}

/** Path of a snapshot entry in a copied cache. */
export function entryPath(cacheDir: string, folder: string, commit: string, file: string): string {
  return path.join(cacheDir, folder, "snapshots", commit, ...file.split("/"));
}

/** The blob a snapshot entry points at. */
export async function blobPath(
  cacheDir: string,
  folder: string,
  commit: string,
  file: string,
): Promise<string> {
  return fs.realpath(entryPath(cacheDir, folder, commit, file));
}

export interface Damage {
  repoId: string;
  revision: string;
  path: string;
  /** Problem deep verify must find; cheap verify finds the ones marked `cheap`. */
  problem: "mismatch" | "empty" | "dangling";
  cheap: boolean;
}

/**
 * The five injuries of the acceptance test, on a copied cache: a truncated LFS blob and a
 * bit-flipped one (each shared by both model revisions), a zero-length blob, a deleted blob
 * (dangling link) and a small file with the wrong content. Returns every file that must be corrupt.
 */
export async function damageCache(fixture: CacheFixture, cache: string): Promise<Damage[]> {
  const { v1, v2 } = fixture;
  const dataset = fixture.hub.repo(`datasets/${DATASET}`).commit;
  const tiny = fixture.hub.repo(TINY).commit;

  await fs.truncate(await blobPath(cache, MODEL_FOLDER, v2, "model.safetensors"), 30_000);
  const flipped = await blobPath(cache, MODEL_FOLDER, v2, "sub/dir/x.safetensors");
  const content = await fs.readFile(flipped);
  content[12_345] = (content[12_345] as number) ^ 0x10;
  await fs.writeFile(flipped, content);
  await fs.truncate(await blobPath(cache, DATASET_FOLDER, dataset, "data/part-0.parquet"), 0);
  await fs.rm(await blobPath(cache, TINY_FOLDER, tiny, "weights.bin"));
  await fs.writeFile(await blobPath(cache, MODEL_FOLDER, v2, "README.md"), "# model b\n\nSomething else.\n");

  const both = (file: string): Damage[] =>
    [v1, v2].map((revision) => ({ repoId: MODEL, revision, path: file, problem: "mismatch", cheap: false }));
  return [
    { repoId: DATASET, revision: dataset, path: "data/part-0.parquet", problem: "empty", cheap: true },
    ...both("README.md"),
    ...both("model.safetensors"),
    ...both("sub/dir/x.safetensors"),
    { repoId: TINY, revision: tiny, path: "weights.bin", problem: "dangling", cheap: true },
  ];
}
