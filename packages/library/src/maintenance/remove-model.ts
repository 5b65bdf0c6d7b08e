import { realpath, rename, rm, rmdir, unlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fsyncDir } from "@ml/progress";
import {
  newOperationId,
  recordOwner,
  removeJournalRecord,
  writeJournalRecord,
} from "../store/journal-records.js";
import type { LibraryContext } from "../store/library-context.js";
import { LibraryError } from "../store/library-error.js";
import { isInside } from "../store/library-paths.js";
import { loadModel } from "../store/load-model.js";
import { METADATA_FILE, OVERRIDES_FILE } from "../store/metadata-schema.js";
import { removeEmptyFolders } from "../store/remove-empty-folders.js";
import { resolveModelId } from "../store/resolve-model-id.js";

export interface RemovedModel {
  id: string;
  folder: string;
}

/**
 * Removes a model: its folder goes in one rename (then is deleted from `.mlib/tmp`), then its
 * index entry. For an in-place model only its metadata goes, never the user's files. Refuses
 * (UNSAFE_PATH) a folder that resolves outside the library, to its root or into `.mlib`, and
 * (REMOVE_BLOCKED) when an onBeforeRemove hook fails.
 */
export async function removeModel(ctx: LibraryContext, idOrPrefix: string): Promise<RemovedModel> {
  const { paths } = ctx;
  const removed = await ctx.withLock(async () => {
    const id = resolveModelId(ctx, idOrPrefix);
    const record = await loadModel(ctx, id);
    const root = await realpath(paths.root);
    const real = await realpath(record.folder);
    if (real === root || !isInside(root, real) || isInside(join(root, ".mlib"), real)) {
      throw new LibraryError(
        "UNSAFE_PATH",
        `model ${id}: ${record.folder} resolves to ${real}, outside the library`,
        {
          path: record.folder,
        },
      );
    }
    await ctx.beforeRemove(record);
    const opId = newOperationId();
    await writeJournalRecord(paths, { ...recordOwner(opId), kind: "remove", model_id: id });
    if (record.files.every((f) => f.external_path !== undefined)) {
      // In place: the folder holds only what mlib wrote; anything else the user put there stays.
      await unlink(join(record.folder, METADATA_FILE));
      await rm(join(record.folder, OVERRIDES_FILE), { force: true });
      await rmdir(record.folder).catch(() => {});
    } else {
      const trash = join(paths.tmp, opId);
      await rename(record.folder, trash);
      await fsyncDir(dirname(record.folder));
      await rm(trash, { recursive: true, force: true });
    }
    ctx.index.remove(id);
    await removeJournalRecord(paths, opId);
    // Family and type folders left empty go too.
    await removeEmptyFolders(dirname(record.folder), paths.root);
    return { id, folder: record.folder };
  });
  ctx.emitChange({ kind: "removed", id: removed.id });
  return removed;
}
