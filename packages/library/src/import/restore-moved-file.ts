import { mkdir, rename } from "node:fs/promises";
import { dirname } from "node:path";
import { pathExists } from "../store/path-exists.js";

/**
 * Puts a file taken by a `move` import back where it was. If something now occupies that path,
 * the file goes beside it as `<name>.mlib-restored[-n]` rather than overwrite either. Returns
 * where it went.
 */
export async function restoreMovedFile(staged: string, source: string): Promise<string> {
  await mkdir(dirname(source), { recursive: true });
  for (let n = 1; ; n++) {
    const target = n === 1 ? source : `${source}.mlib-restored${n === 2 ? "" : `-${n - 1}`}`;
    if (await pathExists(target)) continue;
    await rename(staged, target);
    return target;
  }
}
