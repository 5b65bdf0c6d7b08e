import { type FileHandle, open } from "node:fs/promises";
import { HashingError, toHashingError } from "./hashing-error.js";

export interface OpenedFile {
  handle: FileHandle;
  size: number;
}

/**
 * Opens `path` for reading and checks it is a regular file (symlinks followed). The caller closes
 * the handle. Failures are HashingErrors naming the file (ENOENT, EISDIR, EACCES, NOT_A_FILE).
 */
export async function openRegularFile(path: string): Promise<OpenedFile> {
  let handle: FileHandle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    throw toHashingError(error, path);
  }
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw new HashingError("EISDIR", `${path}: is a directory, not a file`);
    if (!stats.isFile()) throw new HashingError("NOT_A_FILE", `${path}: not a regular file`);
    return { handle, size: stats.size };
  } catch (error) {
    await handle.close();
    throw toHashingError(error, path);
  }
}
