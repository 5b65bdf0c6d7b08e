import { open } from "node:fs/promises";

/**
 * Flushes a folder's entries (a rename or a new file in it) to disk. Some platforms cannot open
 * a folder for syncing (Windows: EPERM/EISDIR); there the rename is as durable as it gets.
 */
export async function fsyncDir(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EPERM" && code !== "EISDIR" && code !== "EINVAL" && code !== "EBADF") throw error;
  } finally {
    await handle?.close();
  }
}
