import type { IndexedModel, ModelIndex } from "@ml/index-fts";
import { LibraryError } from "../store/library-error.js";
import { toModelRecord } from "../store/model-record.js";
import { readMetadata } from "../store/read-metadata.js";
import { readOverrides } from "../store/read-overrides.js";
import { type ModelFolder, scanModelFolders } from "../store/scan-model-folders.js";
import { toIndexedModel } from "../store/to-indexed-model.js";

export interface ReindexResult {
  /** Models now in the index. */
  count: number;
  /** Model folders left out, one line each naming the file and the problem. */
  warnings: string[];
}

/** Metadata files read at once. */
const CONCURRENCY = 32;

/**
 * Rebuilds the index from the metadata.json files under `root`, in one transaction (a failure
 * leaves the old index). A damaged metadata.json or overrides.json, or an id seen twice, is
 * skipped with a warning instead of stopping the rebuild.
 */
export async function reindexLibrary(root: string, index: ModelIndex): Promise<ReindexResult> {
  const folders = await scanModelFolders(root);
  const docs: Array<IndexedModel | string | undefined> = new Array(folders.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < folders.length; i = next++) {
      const { path: folder, hasOverrides } = folders[i] as ModelFolder;
      try {
        const metadata = await readMetadata(folder);
        const overrides = hasOverrides ? await readOverrides(folder) : {};
        docs[i] = toIndexedModel(toModelRecord(metadata, overrides, folder), root);
      } catch (error) {
        if (!(error instanceof LibraryError)) throw error;
        // A folder removed while we scan is not a problem.
        docs[i] = error.code === "NOT_FOUND" ? undefined : error.message;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));

  const warnings: string[] = [];
  const byId = new Map<string, IndexedModel>();
  for (const doc of docs) {
    if (doc === undefined) continue;
    if (typeof doc === "string") {
      warnings.push(`skipped: ${doc}`);
    } else if (byId.has(doc.id)) {
      warnings.push(`skipped: ${doc.path}: id ${doc.id} is already used by ${byId.get(doc.id)?.path}`);
    } else {
      byId.set(doc.id, doc);
    }
  }
  return { count: index.replaceAll(byId.values()), warnings };
}
