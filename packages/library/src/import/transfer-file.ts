import { constants } from "node:fs";
import { copyFile, link, open, rename, rm, stat } from "node:fs/promises";
import { type DualDigest, hashFile, verifyFile } from "@ml/hashing";
import { copyWithHash } from "./copy-with-hash.js";

/**
 * copy: a copy (a reflink when the file system can clone); verified-copy: the same, then the
 * copy re-read and checked (before a source is deleted); rename / hardlink: the file itself.
 */
export type Transfer = "copy" | "verified-copy" | "rename" | "hardlink";

export interface TransferOptions {
  signal?: AbortSignal;
  onProgress?: (bytesDone: number) => void;
  onVerifying?: () => void;
  /**
   * Digests the caller computed from these very bytes (a pull hashes while it downloads): a
   * rename or hard link of a file of that size is not read again.
   */
  known?: DualDigest;
}

// What copyFile answers when the file system cannot clone (or not across these two paths).
const NO_REFLINK = new Set(["ENOTSUP", "EOPNOTSUPP", "EXDEV", "EINVAL", "ENOSYS", "ENOTTY", "EBADF"]);

/** Puts `source` at `dest` (which must not exist) and returns the digest of what is at `dest`. */
export async function transferFile(
  source: string,
  dest: string,
  how: Transfer,
  options: TransferOptions = {},
): Promise<DualDigest> {
  const { signal, onProgress, known } = options;
  const hashDest = async () => {
    if (known && (how === "rename" || how === "hardlink") && (await stat(dest)).size === known.size)
      return known;
    const digest = await hashFile(dest, { signal, onProgress: (done) => onProgress?.(done) });
    return { size: digest.size, sha256: digest.sha256, blake3: digest.blake3 };
  };
  switch (how) {
    case "rename":
      await rename(source, dest);
      return hashDest();
    case "hardlink":
      await link(source, dest);
      return hashDest();
    case "copy":
      return copyOrClone(source, dest, options, hashDest);
    case "verified-copy": {
      const digest = await copyOrClone(source, dest, options, hashDest);
      options.onVerifying?.();
      const check = await verifyFile(dest, { sha256: digest.sha256, blake3: digest.blake3 }, { signal });
      if (!check.ok) throw new Error(`${dest}: the copy of ${source} does not match it after writing`);
      return digest;
    }
  }
}

async function copyOrClone(
  source: string,
  dest: string,
  options: TransferOptions,
  hashDest: () => Promise<DualDigest>,
): Promise<DualDigest> {
  try {
    await copyFile(source, dest, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE_FORCE);
  } catch (error) {
    if (!NO_REFLINK.has((error as NodeJS.ErrnoException).code ?? "")) throw error;
    await rm(dest, { force: true });
    return copyWithHash(source, dest, options);
  }
  const handle = await open(dest, "r+");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  // A clone shares the source's blocks: hashing it reads the same bytes.
  return hashDest();
}
