import { constants } from "node:fs";
import { copyFile, lstat, mkdir, open, rename, symlink, unlink } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fsyncDir, writeFileAtomic } from "@ml/progress";
import { HfError } from "./hf-error.js";
import { checkRepoPath, parsePullSpec } from "./parse-pull-spec.js";

export interface HfCacheFileInput {
  /** Path in the repo. */
  path: string;
  /** The verified file to place. */
  localPath: string;
  /** Blob name: the sha256 for LFS files, the git blob sha1 for small ones (what the hub's ETag says). */
  etag: string;
}

export interface WriteToHfCacheOptions {
  /** Root of the hub cache (HfConfig.cacheDir). */
  cacheDir: string;
  repo: string;
  repoType?: "model" | "dataset" | "space";
  commit: string;
  /** Branch or tag to point at the commit (`refs/<revision>`); nothing is written for a commit id. */
  revision?: string;
  files: HfCacheFileInput[];
  /** "move" consumes the local files (a rename on the same disk), "copy" leaves them. Default "copy". */
  mode?: "move" | "copy";
}

export interface HfCacheEntry {
  path: string;
  blobPath: string;
  /** `snapshots/<commit>/<path>`, a relative symlink to the blob. */
  snapshotPath: string;
}

const HEX40 = /^[0-9a-f]{40}$/;
const ETAG = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * Place verified files in the official hub cache layout (`blobs/<etag>`, `snapshots/<commit>/<path>`
 * as a relative symlink, `refs/<branch>`), so the Python and JS clients find them without
 * downloading. A blob already there is kept; every write is atomic.
 */
export async function writeToHfCache(options: WriteToHfCacheOptions): Promise<HfCacheEntry[]> {
  const { repo, commit, mode = "copy" } = options;
  if (parsePullSpec(repo).repo !== repo)
    throw new HfError("BAD_SPEC", `Not a repo id: ${JSON.stringify(repo)}`);
  if (!HEX40.test(commit))
    throw new HfError(
      "BAD_SPEC",
      `${repo}: commit must be 40 lowercase hex digits, got ${JSON.stringify(commit)}`,
    );
  const storage = join(options.cacheDir, `${options.repoType ?? "model"}s--${repo.replace("/", "--")}`);
  const entries: HfCacheEntry[] = [];
  for (const file of options.files) {
    checkRepoPath(file.path, (why) => new HfError("BAD_SPEC", `${repo}: ${why}`));
    if (!ETAG.test(file.etag)) {
      throw new HfError(
        "BAD_SPEC",
        `${repo}/${file.path}: etag must be a sha256 or git sha1 in lowercase hex`,
      );
    }
    const blobPath = join(storage, "blobs", file.etag);
    await mkdir(dirname(blobPath), { recursive: true });
    if (await exists(blobPath)) {
      if (mode === "move") await unlink(file.localPath);
    } else {
      await placeBlob(file.localPath, blobPath, mode);
    }
    const snapshotPath = join(storage, "snapshots", commit, ...file.path.split("/"));
    await mkdir(dirname(snapshotPath), { recursive: true });
    await linkSnapshot(blobPath, snapshotPath);
    entries.push({ path: file.path, blobPath, snapshotPath });
  }
  const revision = options.revision;
  if (revision !== undefined && revision !== commit && !HEX40.test(revision)) {
    checkRepoPath(revision, (why) => new HfError("BAD_SPEC", `${repo}: revision: ${why}`));
    const ref = join(storage, "refs", ...revision.split("/"));
    await mkdir(dirname(ref), { recursive: true });
    await writeFileAtomic(ref, commit);
  }
  return entries;
}

/** Rename when moving on one disk; otherwise copy (a reflink where the file system can) beside the blob, fsync, rename. */
async function placeBlob(source: string, blobPath: string, mode: "move" | "copy"): Promise<void> {
  if (mode === "move") {
    try {
      await rename(source, blobPath);
      await fsyncDir(dirname(blobPath));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    }
  }
  const incomplete = `${blobPath}.incomplete`;
  await copyFile(source, incomplete, constants.COPYFILE_FICLONE);
  const handle = await open(incomplete, "r+");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(incomplete, blobPath);
  await fsyncDir(dirname(blobPath));
  if (mode === "move") await unlink(source);
}

/** Point `snapshotPath` at the blob with a relative symlink, replacing any old entry atomically; copy where symlinks are not allowed. */
async function linkSnapshot(blobPath: string, snapshotPath: string): Promise<void> {
  const temp = `${snapshotPath}.${process.pid}.tmp`;
  await unlink(temp).catch(() => {});
  try {
    await symlink(relative(dirname(snapshotPath), blobPath), temp);
  } catch (error) {
    // Windows without developer mode: the official client copies the blob instead.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") throw error;
    await copyFile(blobPath, temp);
  }
  await rename(temp, snapshotPath);
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}
