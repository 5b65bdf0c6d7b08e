import { rmdir } from "node:fs/promises";
import { dirname } from "node:path";
import { isInside } from "./library-paths.js";

/**
 * Removes `start` and then its parents while they are empty, up to (not including) `stopAt`.
 * rmdir only ever removes an empty folder, so anything still there stays.
 */
export async function removeEmptyFolders(start: string, stopAt: string): Promise<void> {
  for (let dir = start; dir !== stopAt && isInside(stopAt, dir); dir = dirname(dir)) {
    try {
      await rmdir(dir);
    } catch {
      return;
    }
  }
}
