import { join } from "node:path";
import { openJsonLinkRegistry } from "@ml/mapper";
import { STAGE_DIR } from "../import/import-model.js";
import { acquireLibraryLock } from "../store/library-lock.js";
import { type LibraryPaths, libraryPaths } from "../store/library-paths.js";
import { toModelRecord } from "../store/model-record.js";
import { pathExists } from "../store/path-exists.js";
import { readMetadata } from "../store/read-metadata.js";
import { readOverrides } from "../store/read-overrides.js";
import { finishMergedSource } from "./finish-merged-source.js";
import { applyCarriedOverrides } from "./merge-overrides.js";
import type { MergeRecord } from "./merge-record.js";
import { openSourceIndex } from "./open-source-index.js";

/** How long recovery waits for another process holding the source library. */
const SOURCE_LOCK_WAIT_MS = 5_000;

export interface MergeRecovery {
  /** The model folder here, when the model had committed. */
  completed?: string;
  warnings: string[];
  /** False: it must wait (the source is locked, its registry unreadable ...); keep the record for the next open. */
  done: boolean;
}

/**
 * Finishes or rolls back one model of a merge whose process died. Before its commit (the rename
 * of the staged folder for a move; for a duplicate, the record itself, written once the copy
 * here was verified) the source was not touched: the caller's removal of the tmp folder (links
 * or copies) is the whole rollback. After it, what follows is done again, each step idempotent:
 * the duplicate's overrides filled in, link records carried, the source's files deleted.
 */
export async function recoverMerge(paths: LibraryPaths, record: MergeRecord): Promise<MergeRecovery> {
  const target = record.target;
  const committed =
    target !== undefined &&
    (record.action === "duplicate" || !(await pathExists(join(paths.tmp, record.id, STAGE_DIR)))) &&
    (await readMetadata(target).then(
      (m) => m.id === record.target_id,
      () => false,
    ));
  if (!committed || target === undefined) return { warnings: [], done: true };
  const unfinished = (why: string): MergeRecovery => ({
    completed: target,
    warnings: [`merge of ${record.source_folder} not finished (${why}); the next open tries again`],
    done: false,
  });
  try {
    if (record.action === "duplicate" && record.overrides_patch)
      await applyCarriedOverrides(target, record.overrides_patch);
    const source = libraryPaths(record.source_root);
    // A source library deleted since has nothing left to delete.
    if (record.mode === "copy" || !(await pathExists(source.state)))
      return { completed: target, warnings: [], done: true };
    const lock = await acquireLibraryLock(source.lock, { timeoutMs: SOURCE_LOCK_WAIT_MS });
    try {
      const destination = toModelRecord(await readMetadata(target), await readOverrides(target), target);
      const index = await openSourceIndex(source);
      try {
        const links = {
          from: await openJsonLinkRegistry(source.links),
          to: await openJsonLinkRegistry(paths.links),
        };
        const finished = await finishMergedSource({ paths: source, index, links }, record, destination);
        const stale =
          finished.stale.length > 0
            ? [
                `${finished.stale.length} link(s) of ${record.target_id} still reach the old place: run mlib links repair`,
              ]
            : [];
        return { completed: target, warnings: [...finished.warnings, ...stale], done: true };
      } finally {
        index?.close();
      }
    } finally {
      await lock.release();
    }
  } catch (error) {
    // LIBRARY_LOCKED (a live process holds the source), an unreadable registry, an I/O error.
    return unfinished(error instanceof Error ? error.message : String(error));
  }
}
