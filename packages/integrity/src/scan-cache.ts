import type { Stats } from "node:fs";
import { openCache, readRepo } from "./read-cache.js";
import type { RepoType } from "./repo-folder.js";

export interface CacheRevision {
  /** The snapshot folder name: the commit hash. */
  commit: string;
  /** Refs (branches, tags, `pr/1`) pointing at this commit. */
  refs: string[];
  /** Files in the snapshot, subfolders included, that resolve to content. */
  nbFiles: number;
  /** Bytes of the distinct blobs this snapshot uses. */
  size: number;
  /** Newest blob modification (ms since epoch), or the snapshot folder's when it has none. */
  lastModified: number;
  snapshotPath: string;
}

export interface CacheRepo {
  repoId: string;
  repoType: RepoType;
  repoPath: string;
  /** Bytes of the distinct blobs the snapshots point at, each counted once (Python's `size_on_disk`). */
  sizeOnDisk: number;
  /** Distinct blobs the snapshots point at, files in snapshot subfolders included. */
  nbFiles: number;
  /** ms since epoch, newest over the blobs counted (the repo folder's when there are none). */
  lastModified: number;
  lastAccessed: number;
  /** Every ref name in the repo. */
  refs: string[];
  revisions: CacheRevision[];
  /** Partial downloads (`blobs/*.incomplete`): not counted in `sizeOnDisk`. */
  incomplete: { path: string; size: number; lastModified: number }[];
  /** Commits with a snapshot that no ref points at. */
  detachedRevisions: string[];
  /** Blobs no snapshot points at: not counted in `sizeOnDisk`. */
  unreferencedBlobs: { path: string; blob: string; size: number }[];
}

export interface CacheScan {
  cacheDir: string;
  repos: CacheRepo[];
  /** Sum of the repos' `sizeOnDisk`. */
  sizeOnDisk: number;
  /** One line each, naming the path: stray folders, dangling links, refs to missing snapshots. */
  warnings: string[];
}

/**
 * Lists what a Hugging Face hub cache holds, like Python's `hf cache ls`: repos, revisions, refs,
 * sizes, plus what the official scans hide (partial downloads, unreferenced blobs, detached
 * revisions). Reads no file content. A problem in one repo is a warning, never a failure of the scan.
 */
export async function scanCache(cacheDir: string): Promise<CacheScan> {
  const opened = await openCache(cacheDir);
  const warnings = [...opened.warnings];
  const repos: CacheRepo[] = [];
  for (const folder of opened.repos) {
    const repo = await readRepo(folder);
    warnings.push(...repo.warnings);
    const used = new Map<string, Stats>();
    const revisions = repo.revisions.map(({ commit, snapshotPath, stats }): CacheRevision => {
      const blobs = new Map<string, Stats>();
      let nbFiles = 0;
      for (const { revision, inspection } of repo.entries) {
        if (revision !== commit) continue;
        if (inspection.blobPath && inspection.stats?.isFile()) {
          nbFiles++;
          blobs.set(inspection.blobPath, inspection.stats);
          used.set(inspection.blobPath, inspection.stats);
        } else if (inspection.problem !== "unnamed" && inspection.problem !== "plain-file") {
          warnings.push(`${inspection.path}: ${inspection.reason}`);
        }
      }
      return {
        commit,
        refs: repo.refs.filter((ref) => ref.commit === commit).map((ref) => ref.name),
        nbFiles,
        size: sum([...blobs.values()].map((stats) => stats.size)),
        lastModified: blobs.size > 0 ? newest([...blobs.values()], "mtimeMs") : Math.trunc(stats.mtimeMs),
        snapshotPath,
      };
    });

    // Names, not real paths: a blob that is itself a link (to another disk) is still referenced.
    const named = new Set(repo.entries.map((entry) => entry.inspection.blob));
    const incomplete: CacheRepo["incomplete"] = [];
    const unreferencedBlobs: CacheRepo["unreferencedBlobs"] = [];
    for (const blob of repo.blobFiles) {
      if (blob.name.endsWith(".incomplete")) {
        incomplete.push({
          path: blob.path,
          size: blob.stats.size,
          lastModified: Math.trunc(blob.stats.mtimeMs),
        });
      } else if (!named.has(blob.name)) {
        if (blob.stats.isFile())
          unreferencedBlobs.push({ path: blob.path, blob: blob.name, size: blob.stats.size });
        else warnings.push(`${blob.path}: not a file, and no snapshot points at it`);
      }
    }

    const all = [...used.values()];
    repos.push({
      repoId: repo.repoId,
      repoType: repo.repoType,
      repoPath: repo.repoPath,
      sizeOnDisk: sum(all.map((stats) => stats.size)),
      nbFiles: used.size,
      lastModified: all.length > 0 ? newest(all, "mtimeMs") : Math.trunc(repo.repoStats.mtimeMs),
      lastAccessed: all.length > 0 ? newest(all, "atimeMs") : Math.trunc(repo.repoStats.atimeMs),
      refs: repo.refs.map((ref) => ref.name),
      revisions,
      incomplete,
      detachedRevisions: revisions
        .filter((revision) => revision.refs.length === 0)
        .map((revision) => revision.commit),
      unreferencedBlobs,
    });
  }
  return {
    cacheDir: opened.cacheDir,
    repos,
    sizeOnDisk: sum(repos.map((repo) => repo.sizeOnDisk)),
    warnings,
  };
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

// Whole ms, like a Date. reduce, not Math.max(...): a repo can hold more blobs than the argument limit.
function newest(stats: Stats[], key: "mtimeMs" | "atimeMs"): number {
  return Math.trunc(stats.reduce((latest, s) => Math.max(latest, s[key]), Number.NEGATIVE_INFINITY));
}
