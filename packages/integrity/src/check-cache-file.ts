import type { Stats } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { blobHashKind, namesEmptyContent } from "./blob-name.js";
import { IntegrityError } from "./integrity-error.js";
import { parseRepoFolder } from "./repo-folder.js";

/**
 * - `verified`: every check the mode ran passed (cheap: the link is sound; deep: the content hash matches the blob name).
 * - `unverifiable`: nothing to check the content against, or it could not be read; may well be fine.
 * - `corrupt`: provably wrong; `purgeCorrupt` may remove it.
 */
export type FileStatus = "verified" | "unverifiable" | "corrupt";

/** Machine-readable cause behind a status other than `verified`. */
export type CacheFileProblem =
  /** corrupt: the link leads to nothing (blob pruned, deleted or never finished). */
  | "dangling"
  /** corrupt: the link never resolves (a cycle of links). */
  | "loop"
  /** corrupt: the blob is a folder, a FIFO, a socket or a device, not a file. */
  | "not-a-file"
  /** corrupt: the blob is empty but its name is the hash of non-empty content. */
  | "empty"
  /** corrupt (deep only): the content hash differs from the blob name. */
  | "mismatch"
  /** unverifiable: the link resolves outside this repo's `blobs/`; it is never followed further. */
  | "outside"
  /** unverifiable: the snapshot entry is a plain file, not a link to a named blob. */
  | "plain-file"
  /** unverifiable: the blob name is neither a sha256 nor a git blob sha1. */
  | "unnamed"
  /** unverifiable: the entry or its blob could not be resolved or read (permissions, I/O error). */
  | "unreadable";

export interface CacheFileCheck {
  /** The snapshot entry checked. */
  path: string;
  status: FileStatus;
  problem?: CacheFileProblem;
  /** One line saying what is wrong, for people. */
  reason?: string;
  /** Name of the blob the entry points at (also when the blob is missing); null when it names none. */
  blob: string | null;
  /** Real path of the file holding the content when it lives in this repo (its blob, or a plain snapshot file). */
  blobPath: string | null;
  size: number | null;
}

/** The cheap check plus what scans and purges need and callers do not. */
export interface CacheEntryInspection extends CacheFileCheck {
  stats: Stats | null;
  /** Where the link's first hop lands, when that is an entry directly inside this repo's `blobs/`. */
  blobEntry: string | null;
}

/**
 * Cheap check of one file of a hub cache snapshot, for example the path `downloadFileToCacheDir`
 * returned: the link resolves, lands on a regular file directly inside the same repo's `blobs/`,
 * and that file is not empty unless its name is the hash of empty content. Reads no content; a
 * link that leads elsewhere is reported and not followed further.
 */
export async function checkCacheFile(snapshotFile: string): Promise<CacheFileCheck> {
  const file = path.resolve(snapshotFile);
  const store = await openBlobStore(path.join(findRepoPath(file), "blobs"));
  const { stats: _stats, blobEntry: _blobEntry, ...check } = await inspectCacheEntry(file, store);
  return check;
}

/** A repo's `blobs/` folder, where every snapshot link must land. */
export interface BlobStore {
  dir: string;
  /** Its real path; null when it does not resolve. */
  real: string | null;
  /** It is a link to a folder that is not there (an unmounted disk): its blobs may be fine, just out of reach. */
  offline: boolean;
}

export async function openBlobStore(dir: string): Promise<BlobStore> {
  try {
    return { dir, real: await fs.realpath(dir), offline: false };
  } catch {
    const own = await fs.lstat(dir).catch(() => null);
    return { dir, real: null, offline: own?.isSymbolicLink() ?? false };
  }
}

export async function inspectCacheEntry(entry: string, store: BlobStore): Promise<CacheEntryInspection> {
  const result = (
    fields: Partial<CacheEntryInspection> & Pick<CacheFileCheck, "status">,
  ): CacheEntryInspection => ({
    path: entry,
    blob: null,
    blobPath: null,
    size: null,
    stats: null,
    blobEntry: null,
    ...fields,
  });
  let own: Stats;
  try {
    own = await fs.lstat(entry);
  } catch (error) {
    return result({ status: "unverifiable", problem: "unreadable", reason: `cannot stat: ${codeOf(error)}` });
  }
  if (own.isFile()) {
    return result({
      status: "unverifiable",
      problem: "plain-file",
      reason: "a plain file, not a link to a named blob: nothing to check its content against",
      blobPath: await fs.realpath(entry).catch(() => entry),
      size: own.size,
      stats: own,
    });
  }
  if (!own.isSymbolicLink()) {
    return result({ status: "corrupt", problem: "not-a-file", reason: `a ${kindOf(own)}, not a file` });
  }

  let firstHop: string;
  try {
    firstHop = path.resolve(path.dirname(entry), await fs.readlink(entry));
  } catch (error) {
    return result({
      status: "unverifiable",
      problem: "unreadable",
      reason: `cannot read link: ${codeOf(error)}`,
    });
  }
  const hopDir = path.dirname(firstHop);
  const blobEntry = hopDir === store.dir || hopDir === store.real ? firstHop : null;
  const named = { blob: blobEntry ? path.basename(blobEntry) : null, blobEntry };
  let real: string;
  try {
    real = await fs.realpath(entry);
  } catch (error) {
    const code = codeOf(error);
    if (store.offline && blobEntry) {
      return result({
        ...named,
        status: "unverifiable",
        problem: "unreadable",
        reason: `blob store ${store.dir} links to a folder that is not there (unmounted disk?)`,
      });
    }
    if (code === "ENOENT" || code === "ENOTDIR") {
      return result({
        ...named,
        status: "corrupt",
        problem: "dangling",
        reason: `link target is missing: ${firstHop}`,
      });
    }
    if (code === "ELOOP") {
      return result({
        ...named,
        status: "corrupt",
        problem: "loop",
        reason: `link never resolves (loop): ${firstHop}`,
      });
    }
    return result({
      ...named,
      status: "unverifiable",
      problem: "unreadable",
      reason: `cannot resolve link: ${code}`,
    });
  }
  if (store.real === null || path.dirname(real) !== store.real) {
    return result({
      ...named,
      status: "unverifiable",
      problem: "outside",
      reason: `resolves outside this repo's blobs/ to ${real}; not followed`,
    });
  }

  const blob = path.basename(real);
  let stats: Stats;
  try {
    stats = await fs.lstat(real);
  } catch (error) {
    return result({
      ...named,
      blob,
      status: "unverifiable",
      problem: "unreadable",
      reason: `cannot stat blob: ${codeOf(error)}`,
    });
  }
  const found = { blob, blobEntry, blobPath: real, stats };
  if (!stats.isFile()) {
    return result({
      ...found,
      status: "corrupt",
      problem: "not-a-file",
      reason: `blob is a ${kindOf(stats)}, not a file`,
    });
  }
  const sized = { ...found, size: stats.size };
  const kind = blobHashKind(blob);
  if (kind === null) {
    return result({
      ...sized,
      status: "unverifiable",
      problem: "unnamed",
      reason: "blob name is neither a sha256 nor a git blob sha1: nothing to check its content against",
    });
  }
  if (stats.size === 0 && !namesEmptyContent(blob)) {
    return result({
      ...sized,
      status: "corrupt",
      problem: "empty",
      reason: "blob is empty but its name is the hash of non-empty content",
    });
  }
  return result({ ...sized, status: "verified" });
}

// A snapshot file sits at <repo>/snapshots/<commit>/<path...>; the repo is the nearest ancestor of a
// `snapshots` folder whose name parses as a repo folder.
function findRepoPath(file: string): string {
  for (let dir = path.dirname(path.dirname(file)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const parent = path.dirname(dir);
    if (path.basename(dir) === "snapshots" && parseRepoFolder(path.basename(parent))) return parent;
  }
  throw new IntegrityError(
    "NOT_A_CACHE",
    file,
    "not inside a hub cache snapshot (<repo>/snapshots/<commit>/<file>)",
  );
}

export function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? String(error);
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return "folder";
  if (stats.isFIFO()) return "FIFO";
  if (stats.isSocket()) return "socket";
  if (stats.isSymbolicLink()) return "link";
  return "device";
}
