import type { Dirent } from "node:fs";
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import { basename, join, relative, sep } from "node:path";

export interface HfCachedFile {
  /** "org/name" */
  repo: string;
  /** Branches and tags (refs/) pointing at this commit. */
  revisions: string[];
  commit: string;
  /** Path in the repo. */
  path: string;
  /** `snapshots/<commit>/<path>` in the cache. */
  snapshotPath: string;
  /** The blob it points at. */
  blobPath: string;
  size: number;
  /** The blob's name when it is a sha256 (LFS files): the content's sha256, unverified. */
  sha256?: string;
  /** The blob's name when it is a git sha1 (small files). */
  gitSha1?: string;
}

export interface HfCacheListing {
  files: HfCachedFile[];
  /** Entries that could not be read (dangling links, unreadable folders), one line each. */
  warnings: string[];
}

/**
 * Every file of every model repo in a hub cache, with its provenance (repo, commit, refs, path)
 * and its blob, for adopting them into a library. Reads only; subfolders of snapshots included.
 */
export async function listHfCacheModels(cacheDir: string): Promise<HfCacheListing> {
  const files: HfCachedFile[] = [];
  const warnings: string[] = [];
  const repos = (await readdir(cacheDir, { withFileTypes: true })).filter(
    (d) => d.isDirectory() && d.name.startsWith("models--"),
  );
  for (const folder of repos.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const storage = join(cacheDir, folder.name);
    const repo = folder.name.slice("models--".length).split("--").join("/");
    const refs = await readRefs(join(storage, "refs"), warnings);
    let commits: Dirent[];
    try {
      commits = await readdir(join(storage, "snapshots"), { withFileTypes: true });
    } catch (error) {
      warnings.push(`${storage}: no readable snapshots folder (${(error as NodeJS.ErrnoException).code})`);
      continue;
    }
    for (const commitDir of commits
      .filter((d) => d.isDirectory())
      .sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const snapshot = join(storage, "snapshots", commitDir.name);
      for (const snapshotPath of await walk(snapshot, warnings)) {
        let blobPath: string;
        let size: number;
        try {
          blobPath = await realpath(snapshotPath);
          size = (await stat(blobPath)).size;
        } catch {
          warnings.push(`${snapshotPath}: points at a missing blob`);
          continue;
        }
        const blob = basename(blobPath);
        files.push({
          repo,
          revisions: refs.get(commitDir.name) ?? [],
          commit: commitDir.name,
          path: relative(snapshot, snapshotPath).split(sep).join("/"),
          snapshotPath,
          blobPath,
          size,
          ...(/^[0-9a-f]{64}$/.test(blob) && { sha256: blob }),
          ...(/^[0-9a-f]{40}$/.test(blob) && { gitSha1: blob }),
        });
      }
    }
  }
  return { files, warnings };
}

/** commit -> ref names, from `refs/` (nested refs such as `refs/pr/1` included). */
async function readRefs(refsDir: string, warnings: string[]): Promise<Map<string, string[]>> {
  const byCommit = new Map<string, string[]>();
  let names: string[];
  try {
    names = await readdir(refsDir, { recursive: true });
  } catch {
    return byCommit;
  }
  for (const name of names.sort()) {
    try {
      const commit = (await readFile(join(refsDir, name), "utf8")).trim();
      byCommit.set(commit, [...(byCommit.get(commit) ?? []), name.split(sep).join("/")]);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EISDIR")
        warnings.push(`${join(refsDir, name)}: unreadable ref`);
    }
  }
  return byCommit;
}

/** Files and links under a snapshot folder, recursively. */
async function walk(dir: string, warnings: string[]): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    warnings.push(`${dir}: unreadable (${(error as NodeJS.ErrnoException).code})`);
    return [];
  }
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path, warnings)));
    else if (entry.isFile() || entry.isSymbolicLink()) out.push(path);
  }
  return out;
}
