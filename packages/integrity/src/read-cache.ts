import type { Dirent, Stats } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import {
  type BlobStore,
  type CacheEntryInspection,
  codeOf,
  inspectCacheEntry,
  openBlobStore,
} from "./check-cache-file.js";
import { IntegrityError } from "./integrity-error.js";
import { parseRepoFolder, type RepoType } from "./repo-folder.js";

// Entries of a cache root that belong there but are not repos (Python's filelock folder, its cache version file).
const KNOWN_NON_REPOS = new Set([".locks", "version.txt", ".DS_Store"]);

export interface RepoFolder {
  repoId: string;
  repoType: RepoType;
  repoPath: string;
}

export interface OpenedCache {
  cacheDir: string;
  repos: RepoFolder[];
  warnings: string[];
}

/**
 * Lists the repo folders of a hub cache, limited to `only` (repo ids, or folder names like
 * `models--org--name`) when given. Throws when the folder is missing, unreadable or clearly not a cache.
 */
export async function openCache(cacheDir: string, only?: readonly string[]): Promise<OpenedCache> {
  const root = path.resolve(cacheDir);
  let dirents: Dirent[];
  try {
    dirents = await fs.readdir(root, { withFileTypes: true });
  } catch (error) {
    const code = codeOf(error);
    if (code === "ENOENT")
      throw new IntegrityError("CACHE_NOT_FOUND", root, "no such folder", { cause: error });
    if (code === "ENOTDIR")
      throw new IntegrityError("NOT_A_CACHE", root, "is a file, not a hub cache folder", { cause: error });
    throw new IntegrityError("UNREADABLE", root, `cannot list the cache folder (${code})`, { cause: error });
  }
  if (parseRepoFolder(path.basename(root))) {
    throw new IntegrityError(
      "NOT_A_CACHE",
      root,
      `is one repo of a hub cache; pass the cache folder ${path.dirname(root)}`,
    );
  }

  const repos: RepoFolder[] = [];
  const strangers: string[] = [];
  const offline: string[] = [];
  for (const dirent of dirents.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const parsed = parseRepoFolder(dirent.name);
    const repoPath = path.join(root, dirent.name);
    if (!parsed) {
      if (!KNOWN_NON_REPOS.has(dirent.name)) strangers.push(dirent.name);
      continue;
    }
    // A repo folder may be a link to another disk; one to a disk that is not mounted is left alone.
    const kind = dirent.isSymbolicLink() ? await fs.stat(repoPath).catch(() => null) : dirent;
    if (kind === null) offline.push(repoPath);
    else if (kind.isDirectory()) repos.push({ ...parsed, repoPath });
    else strangers.push(dirent.name);
  }
  if (repos.length === 0 && strangers.length > 0) {
    const shown = strangers.slice(0, 3).join(", ") + (strangers.length > 3 ? ", ..." : "");
    throw new IntegrityError(
      "NOT_A_CACHE",
      root,
      `not a hub cache: no models--*, datasets--* or spaces--* folder, only ${shown}`,
    );
  }
  const warnings = [
    ...offline.map(
      (repoPath) => `${repoPath}: links to a folder that is not there (unmounted disk?); skipped`,
    ),
    ...strangers.map(
      (name) => `${path.join(root, name)}: not a repo folder (models--*, datasets--*, spaces--*); ignored`,
    ),
  ];
  return { cacheDir: root, repos: only ? pick(root, repos, only) : repos, warnings };
}

function pick(root: string, repos: RepoFolder[], only: readonly string[]): RepoFolder[] {
  const missing = only.filter((id) => !repos.some((repo) => matches(repo, id)));
  if (missing.length > 0)
    throw new IntegrityError("REPO_NOT_FOUND", root, `not in this cache: ${missing.join(", ")}`);
  return repos.filter((repo) => only.some((id) => matches(repo, id)));
}

// "org/name" selects that repo whatever its type; a folder name selects exactly one.
function matches(repo: RepoFolder, id: string): boolean {
  return repo.repoId === id || path.basename(repo.repoPath) === id;
}

export interface SnapshotEntry {
  revision: string;
  /** Path inside the snapshot, `/`-separated. */
  path: string;
  inspection: CacheEntryInspection;
}

export interface BlobFile {
  name: string;
  path: string;
  stats: Stats;
}

export interface CachedRepo extends RepoFolder {
  blobs: BlobStore;
  refs: { name: string; commit: string }[];
  revisions: { commit: string; snapshotPath: string; stats: Stats }[];
  entries: SnapshotEntry[];
  /** Everything directly in `blobs/`, `.incomplete` downloads included. */
  blobFiles: BlobFile[];
  repoStats: Stats;
  warnings: string[];
}

/** Reads one repo folder: refs, every snapshot entry with its cheap check, and the blob store. */
export async function readRepo(repo: RepoFolder): Promise<CachedRepo> {
  const warnings: string[] = [];
  const list = async (dir: string): Promise<Dirent[]> => {
    try {
      return (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    } catch (error) {
      if (codeOf(error) !== "ENOENT") warnings.push(`${dir}: cannot list (${codeOf(error)}); skipped`);
      return [];
    }
  };

  const refs: CachedRepo["refs"] = [];
  const refsDir = path.join(repo.repoPath, "refs");
  const readRefs = async (dir: string): Promise<void> => {
    for (const dirent of await list(dir)) {
      const file = path.join(dir, dirent.name);
      if (dirent.isDirectory()) await readRefs(file);
      else {
        // Refs hold a bare commit hash; Python writes no newline but people edit these by hand.
        const commit = await fs.readFile(file, "utf8").then(
          (text) => text.trim(),
          (error) => void warnings.push(`${file}: cannot read ref (${codeOf(error)}); skipped`),
        );
        if (commit) refs.push({ name: path.relative(refsDir, file).split(path.sep).join("/"), commit });
      }
    }
  };
  await readRefs(refsDir);

  const blobs = await openBlobStore(path.join(repo.repoPath, "blobs"));
  if (blobs.offline)
    warnings.push(
      `${blobs.dir}: links to a folder that is not there (unmounted disk?); its files are left alone`,
    );
  const revisions: CachedRepo["revisions"] = [];
  const entries: SnapshotEntry[] = [];
  const walk = async (revision: string, dir: string, prefix: string): Promise<void> => {
    for (const dirent of await list(dir)) {
      const file = path.join(dir, dirent.name);
      const relative = prefix + dirent.name;
      // Real folders only: a link to a folder is checked as an entry, so link cycles cannot recurse.
      if (dirent.isDirectory()) await walk(revision, file, `${relative}/`);
      else
        entries.push({
          revision,
          path: relative,
          inspection: await inspectCacheEntry(file, blobs),
        });
    }
  };
  const snapshotsDir = path.join(repo.repoPath, "snapshots");
  for (const dirent of await list(snapshotsDir)) {
    const snapshotPath = path.join(snapshotsDir, dirent.name);
    if (!dirent.isDirectory()) {
      if (dirent.name !== ".DS_Store") warnings.push(`${snapshotPath}: not a snapshot folder; ignored`);
      continue;
    }
    revisions.push({ commit: dirent.name, snapshotPath, stats: await fs.lstat(snapshotPath) });
    await walk(dirent.name, snapshotPath, "");
  }
  for (const ref of refs) {
    if (!revisions.some((revision) => revision.commit === ref.commit)) {
      warnings.push(
        `${path.join(refsDir, ref.name)}: ref points at ${ref.commit}, which has no snapshot here`,
      );
    }
  }

  const blobFiles: BlobFile[] = [];
  for (const dirent of await list(blobs.dir)) {
    const file = path.join(blobs.dir, dirent.name);
    const stats = await fs.lstat(file).catch(() => null);
    if (stats) blobFiles.push({ name: dirent.name, path: file, stats });
  }
  return {
    ...repo,
    blobs,
    refs,
    revisions,
    entries,
    blobFiles,
    repoStats: await fs.lstat(repo.repoPath),
    warnings,
  };
}
