import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { METADATA_FILE, OVERRIDES_FILE } from "./metadata-schema.js";

/** Folders read at once: enough to hide file-system latency, few enough to stay polite. */
const CONCURRENCY = 16;
/** `<type>/<family>/<name>` is 3 deep; anything far deeper is not a library layout. */
const MAX_DEPTH = 8;

export interface ModelFolder {
  path: string;
  /** Whether it holds an overrides.json (saves a failing read per model in a reindex). */
  hasOverrides: boolean;
}

/**
 * Every model folder (a folder holding metadata.json) under `root`, sorted by path. Skips hidden
 * entries (`.mlib` among them) and symlinks, and does not look inside model folders.
 */
export async function scanModelFolders(root: string): Promise<ModelFolder[]> {
  const found: ModelFolder[] = [];
  const queue: Array<{ dir: string; depth: number }> = [{ dir: root, depth: 0 }];
  let active = 0;
  await new Promise<void>((resolve, reject) => {
    const pump = (): void => {
      if (queue.length === 0 && active === 0) {
        resolve();
        return;
      }
      while (active < CONCURRENCY && queue.length > 0) {
        const next = queue.shift() as { dir: string; depth: number };
        active++;
        visit(next.dir, next.depth).then(() => {
          active--;
          pump();
        }, reject);
      }
    };
    const visit = async (dir: string, depth: number): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
        // A folder removed while we walk is simply not there.
        if (error.code === "ENOENT" || error.code === "ENOTDIR") return [];
        throw error;
      });
      if (depth > 0 && entries.some((e) => e.name === METADATA_FILE && e.isFile())) {
        found.push({ path: dir, hasOverrides: entries.some((e) => e.name === OVERRIDES_FILE) });
        return;
      }
      if (depth >= MAX_DEPTH) return;
      for (const e of entries) {
        if (e.isDirectory() && !e.name.startsWith("."))
          queue.push({ dir: join(dir, e.name), depth: depth + 1 });
      }
    };
    pump();
  });
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
