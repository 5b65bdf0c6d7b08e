import { join, resolve } from "node:path";
import type { LibraryContext } from "./library-context.js";
import { LibraryError } from "./library-error.js";
import { isInside } from "./library-paths.js";
import { type ModelRecord, toModelRecord } from "./model-record.js";
import { readMetadata } from "./read-metadata.js";
import { readOverrides } from "./read-overrides.js";

/**
 * The model with exactly this id, read from its folder (the index only says where). Throws
 * NOT_FOUND when the index does not know it or its folder no longer holds it, UNSAFE_PATH when
 * the index points outside the library, BAD_METADATA / BAD_OVERRIDES for damaged files.
 */
export async function loadModel(ctx: LibraryContext, id: string): Promise<ModelRecord> {
  const doc = ctx.index.get(id);
  if (!doc) throw new LibraryError("NOT_FOUND", `no model with id ${id}`);
  const folder = modelFolderOf(ctx.paths.root, doc.path);
  const metadata = await readMetadata(folder).catch((error) => {
    if (error instanceof LibraryError && error.code === "NOT_FOUND") {
      throw new LibraryError("NOT_FOUND", `model ${id}: ${folder} is gone (run reindex)`, { path: folder });
    }
    throw error;
  });
  if (metadata.id !== id) {
    throw new LibraryError("NOT_FOUND", `model ${id}: ${folder} now holds ${metadata.id} (run reindex)`, {
      path: folder,
    });
  }
  return toModelRecord(metadata, await readOverrides(folder), folder);
}

/**
 * The absolute model folder for an index path, refused (UNSAFE_PATH) unless it lies strictly
 * inside the root and outside `.mlib`: a damaged or hostile index must not point an operation
 * such as remove at the user's other files.
 */
export function modelFolderOf(root: string, indexPath: string): string {
  const folder = resolve(root, indexPath);
  if (folder === root || !isInside(root, folder) || isInside(join(root, ".mlib"), folder)) {
    throw new LibraryError(
      "UNSAFE_PATH",
      `model folder ${JSON.stringify(indexPath)} is not inside the library ${root}`,
      {
        path: folder,
      },
    );
  }
  return folder;
}
