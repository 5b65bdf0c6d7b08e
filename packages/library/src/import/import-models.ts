import type { LibraryContext } from "../store/library-context.js";
import { expandSources } from "./expand-sources.js";
import { importModel } from "./import-model.js";
import type { ImportOptions, ImportResult } from "./import-types.js";

/**
 * Imports each path: a file, a shard set (any member, its index.json or its folder), a model
 * folder, or a folder of models. Refusals (duplicates, pickle without `allowPickle`, incomplete
 * shard sets, paths inside the library ...) are reported in `skipped`; I/O failures and aborts
 * throw, after the model in progress is rolled back (models imported before it stay).
 */
export async function importModels(
  ctx: LibraryContext,
  paths: readonly string[],
  options: ImportOptions & { cleanupUpTo?: string } = {},
): Promise<ImportResult> {
  const result: ImportResult = { imported: [], skipped: [] };
  const { units, skipped } = await expandSources(ctx.paths, paths, options);
  result.skipped.push(...skipped);
  for (const unit of units) {
    options.signal?.throwIfAborted();
    const outcome = await importModel(ctx, unit, { ...options, mode: options.mode ?? "copy" });
    if ("imported" in outcome) result.imported.push(outcome.imported);
    else result.skipped.push(outcome.skipped);
  }
  return result;
}
