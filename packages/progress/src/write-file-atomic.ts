import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { fsyncDir } from "./fsync-dir.js";

/** A hidden temp name beside `file`, unique to this call (same folder, so a rename is atomic). */
export function tempNameBeside(file: string): string {
  return join(dirname(file), `.${basename(file)}.mlib-${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
}

/**
 * Replaces `path` with `data` so that a reader (or a crash) sees the old content or the new,
 * never a mix: temp file in the same folder, write, fsync, rename over, fsync the folder.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: { mode?: number } = {},
): Promise<void> {
  const temp = tempNameBeside(path);
  const handle = await open(temp, "wx", options.mode ?? 0o644);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await fsyncDir(dirname(path));
}

/** {@link writeFileAtomic} of `value` as pretty JSON with a final newline. */
export function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  return writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}
