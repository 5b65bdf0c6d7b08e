import { stat, statfs } from "node:fs/promises";
import path from "node:path";
import { formatBytes } from "./format-bytes.js";

const GiB = 1024 ** 3;

export interface CheckDiskSpaceOptions {
  /** Space to leave free beyond what is needed, so the disk is never filled to the last byte. Default 1 GiB. */
  cushionBytes?: number;
}

export type DiskSpaceCheck =
  | { skipped: true; reason: string }
  | { skipped: false; folder: string; bytesNeeded: number; cushionBytes: number; freeBytes: number };

export class InsufficientDiskSpaceError extends Error {
  readonly code = "ENOSPC_PREFLIGHT";
  override readonly name = "InsufficientDiskSpaceError";
  readonly folder: string;
  readonly bytesNeeded: number;
  readonly cushionBytes: number;
  readonly freeBytes: number;

  constructor(folder: string, bytesNeeded: number, cushionBytes: number, freeBytes: number) {
    super(
      `Not enough disk space in ${folder}: need ${formatBytes(bytesNeeded)} + ${formatBytes(cushionBytes)} cushion, ${formatBytes(freeBytes)} free`,
    );
    this.folder = folder;
    this.bytesNeeded = bytesNeeded;
    this.cushionBytes = cushionBytes;
    this.freeBytes = freeBytes;
  }
}

/**
 * Before writing `bytesNeeded` bytes at `target` (a folder or file that may not exist yet), checks
 * the file system holding its nearest existing folder has that much plus a cushion free, and throws
 * `InsufficientDiskSpaceError` if not. An unknown size (undefined, null, NaN) skips the check.
 */
export async function checkDiskSpace(
  target: string,
  bytesNeeded: number | null | undefined,
  options: CheckDiskSpaceOptions = {},
): Promise<DiskSpaceCheck> {
  const { cushionBytes = GiB } = options;
  if (bytesNeeded === undefined || bytesNeeded === null || Number.isNaN(bytesNeeded)) {
    return { skipped: true, reason: "size unknown" };
  }
  if (bytesNeeded < 0) throw new RangeError(`bytesNeeded must not be negative, got ${bytesNeeded}`);
  if (!(cushionBytes >= 0)) throw new RangeError(`cushionBytes must not be negative, got ${cushionBytes}`);

  const folder = await nearestExistingFolder(target);
  const fsInfo = await statfs(folder);
  // bavail, not bfree: blocks reserved for root are not ours to fill.
  const freeBytes = fsInfo.bavail * fsInfo.bsize;
  if (freeBytes < bytesNeeded + cushionBytes) {
    throw new InsufficientDiskSpaceError(folder, bytesNeeded, cushionBytes, freeBytes);
  }
  return { skipped: false, folder, bytesNeeded, cushionBytes, freeBytes };
}

async function nearestExistingFolder(target: string): Promise<string> {
  let current = path.resolve(target);
  for (;;) {
    try {
      return (await stat(current)).isDirectory() ? current : path.dirname(current);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const parent = path.dirname(current);
      // ENOTDIR: a path component is a file; its folder is still the right file system.
      if ((code !== "ENOENT" && code !== "ENOTDIR") || parent === current) throw error;
      current = parent;
    }
  }
}
