import { gitBlobSha1, hashFile } from "@ml/hashing";
import { blobHashKind } from "./blob-name.js";
import type { CacheFileProblem, FileStatus } from "./check-cache-file.js";
import { codeOf } from "./check-cache-file.js";
import { openCache, readRepo, type SnapshotEntry } from "./read-cache.js";
import type { RepoType } from "./repo-folder.js";

export interface VerifiedFile {
  repoId: string;
  repoType: RepoType;
  /** The snapshot (commit) folder the file sits in. */
  revision: string;
  /** Path inside the snapshot, `/`-separated, subfolders included. */
  path: string;
  /** Name of the blob the file points at (its etag); null when it names none. */
  blob: string | null;
  status: FileStatus;
  problem?: CacheFileProblem;
  reason?: string;
}

/** Deep mode only: reported as blobs are hashed, in bytes across the whole run. */
export interface VerifyProgress {
  bytesDone: number;
  bytesTotal: number;
  blobsDone: number;
  blobsTotal: number;
  /** The blob being hashed and its repo. */
  repoId: string;
  blob: string;
}

export interface VerifyOptions {
  /** Re-hash every blob and compare with its name. Default false: cheap checks only, no content read. */
  deep?: boolean;
  /** Limit to these repos: ids (`org/name`, any type) or folder names (`datasets--org--name`). */
  repos?: readonly string[];
  signal?: AbortSignal;
  onProgress?: (event: VerifyProgress) => void;
}

export interface VerifyReport {
  cacheDir: string;
  deep: boolean;
  /** One per snapshot file, sorted by repo folder, revision, path. */
  files: VerifiedFile[];
  verified: number;
  unverifiable: number;
  corrupt: number;
  /** Problems that are not one file's: stray folders, unreadable folders, refs to missing snapshots. */
  warnings: string[];
}

type Verdict = Pick<VerifiedFile, "status" | "problem" | "reason">;

/**
 * Checks every file of a hub cache. Cheap mode (default) checks links and blobs without reading
 * content; deep mode also re-hashes each blob once (sha256 for LFS blobs, git blob sha1 for small
 * files) and compares with its name. Rejects with the signal's reason when aborted.
 */
export async function verifyCache(cacheDir: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const { deep = false, signal, onProgress } = options;
  const opened = await openCache(cacheDir, options.repos);
  const warnings = [...opened.warnings];
  const found: { repoId: string; repoType: RepoType; entry: SnapshotEntry }[] = [];
  for (const folder of opened.repos) {
    signal?.throwIfAborted();
    const repo = await readRepo(folder);
    warnings.push(...repo.warnings);
    for (const entry of repo.entries) found.push({ repoId: repo.repoId, repoType: repo.repoType, entry });
  }

  // Deep verdicts per real blob path: snapshots sharing a blob share one hashing.
  const verdicts = new Map<string, Verdict>();
  if (deep) {
    const toHash = new Map<string, { repoId: string; blob: string; size: number }>();
    for (const { repoId, entry } of found) {
      const { status, blobPath, blob, size } = entry.inspection;
      if (status === "verified" && blobPath && blob && size !== null)
        toHash.set(blobPath, { repoId, blob, size });
    }
    const progress = { bytesDone: 0, bytesTotal: 0, blobsDone: 0, blobsTotal: toHash.size };
    for (const { size } of toHash.values()) progress.bytesTotal += size;
    for (const [blobPath, { repoId, blob, size }] of toHash) {
      signal?.throwIfAborted();
      const before = progress.bytesDone;
      const report = (done: number) => onProgress?.({ ...progress, bytesDone: before + done, repoId, blob });
      report(0);
      verdicts.set(blobPath, await hashAndCompare(blobPath, blob, { signal, onProgress: report }));
      signal?.throwIfAborted();
      progress.bytesDone = before + size;
      progress.blobsDone++;
      report(size);
    }
  }

  const files = found.map(({ repoId, repoType, entry }): VerifiedFile => {
    const { status, problem, reason, blob, blobPath } = entry.inspection;
    const verdict = (blobPath && verdicts.get(blobPath)) || { status, problem, reason };
    return { repoId, repoType, revision: entry.revision, path: entry.path, blob, ...definedOnly(verdict) };
  });
  const count = (status: FileStatus) => files.filter((file) => file.status === status).length;
  return {
    cacheDir: opened.cacheDir,
    deep,
    files,
    verified: count("verified"),
    unverifiable: count("unverifiable"),
    corrupt: count("corrupt"),
    warnings,
  };
}

async function hashAndCompare(
  blobPath: string,
  blob: string,
  options: { signal?: AbortSignal; onProgress: (bytesDone: number) => void },
): Promise<Verdict> {
  const kind = blobHashKind(blob);
  let actual: string;
  try {
    actual =
      kind === "sha256"
        ? (await hashFile(blobPath, { signal: options.signal, onProgress: options.onProgress })).sha256
        : await gitBlobSha1(blobPath, { signal: options.signal });
  } catch (error) {
    options.signal?.throwIfAborted();
    return { status: "unverifiable", problem: "unreadable", reason: `cannot read blob: ${codeOf(error)}` };
  }
  if (actual === blob) return { status: "verified" };
  const what = kind === "sha256" ? "sha256" : "git blob sha1";
  return {
    status: "corrupt",
    problem: "mismatch",
    reason: `content ${what} is ${actual}, blob name says ${blob}`,
  };
}

// JSON-friendly records: no `problem: undefined` keys on verified files.
function definedOnly(verdict: Verdict): Verdict {
  return Object.fromEntries(Object.entries(verdict).filter(([, value]) => value !== undefined)) as Verdict;
}
