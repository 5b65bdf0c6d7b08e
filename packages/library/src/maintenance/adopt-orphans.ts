import { importModels } from "../import/import-models.js";
import type { ImportOptions, ImportResult } from "../import/import-types.js";
import type { LibraryContext } from "../store/library-context.js";
import { type RecoveryReport, recoverState } from "./recover-state.js";
import { reindexLibrary } from "./reindex-library.js";

export interface AdoptResult extends ImportResult {
  /** What cleaning `.mlib/tmp` and the journal did. */
  recovery: RecoveryReport;
}

export type AdoptOptions = Pick<ImportOptions, "allowPickle" | "signal" | "onProgress">;

/**
 * Registers model files found in the library tree without metadata (put there by hand, or left
 * by a tool): each is moved (a rename, same disk) into its own model folder with source kind
 * "adopt"; folders emptied by that are removed. Also recovers `.mlib/tmp` leftovers first.
 */
export async function adoptOrphans(ctx: LibraryContext, options: AdoptOptions = {}): Promise<AdoptResult> {
  const recovery = await ctx.withLock(async () => {
    const report = await recoverState(ctx.paths);
    if (report.needsReindex) await reindexLibrary(ctx.paths.root, ctx.index);
    return report;
  });
  const result = await importModels(ctx, [ctx.paths.root], {
    ...options,
    mode: "move",
    source: { kind: "adopt" },
    cleanupUpTo: ctx.paths.root,
  });
  // An empty library tree is not worth a warning.
  const skipped = result.skipped.filter((s) => s.code !== "NO_MODELS");
  return { imported: result.imported, skipped, recovery };
}
