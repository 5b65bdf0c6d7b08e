import { rm } from "node:fs/promises";
import { type ModelIndex, openModelIndex } from "@ml/index-fts";
import type { LibraryPaths } from "../store/library-paths.js";
import { pathExists } from "../store/path-exists.js";

/**
 * The source library's index, to drop the models that leave it. Null when it has none: an empty
 * one must not be created (it would hide the source's models until a reindex); its next open
 * builds it. One that cannot be opened is deleted, as opening the library would do.
 */
export async function openSourceIndex(paths: LibraryPaths): Promise<ModelIndex | null> {
  if (!(await pathExists(paths.db))) return null;
  try {
    return openModelIndex(paths.db);
  } catch {
    await Promise.all(["", "-wal", "-shm"].map((suffix) => rm(paths.db + suffix, { force: true })));
    return null;
  }
}
