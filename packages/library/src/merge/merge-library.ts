// Merges another library into this one: plan, then for each model link or copy, verify,
// commit here, carry its link records, and delete it from the source. The source stays locked
// throughout; this library's lock is taken per model, for its commit, as an import does.
import type { ModelIndex } from "@ml/index-fts";
import { openJsonLinkRegistry } from "@ml/mapper";
import { emitter, throttleProgress } from "@ml/progress";
import { recoverState } from "../maintenance/recover-state.js";
import { reindexLibrary } from "../maintenance/reindex-library.js";
import type { LibraryContext } from "../store/library-context.js";
import { acquireLibraryLock } from "../store/library-lock.js";
import type { LibraryPaths } from "../store/library-paths.js";
import { mergeDuplicate } from "./merge-duplicate.js";
import type { MergeJob } from "./merge-job.js";
import { mergeMove } from "./merge-move.js";
import type { MergeAction, MergeMode, MergeOptions, MergePlan, MergeResult } from "./merge-types.js";
import { openSourceIndex } from "./open-source-index.js";
import { classifyModel, type PlannedModel, planMerge, type SourceModel } from "./plan-merge.js";
import { resolveMergeSource } from "./resolve-merge-source.js";

/** How often one model is decided again when the destination changes under it (by other processes). */
const MAX_ATTEMPTS = 5;

/**
 * Merges the library at `sourceRoot` into this one (see MergeOptions; `dryRun` returns the plan
 * and touches nothing). Throws MergeError before touching anything when the source is not a
 * library, is this one, or is nested with it; LIBRARY_LOCKED when another process holds the
 * source. Models that cannot be merged are reported in `skipped` and stay in the source; I/O
 * errors and aborts throw after the model in progress is rolled back (or, if it had committed,
 * left for the next open to finish).
 */
export async function mergeLibrary(
  ctx: LibraryContext,
  sourceRoot: string,
  options: MergeOptions = {},
): Promise<MergePlan | MergeResult> {
  const source = await resolveMergeSource(ctx.paths, sourceRoot);
  const mode = options.mode ?? "move";
  if (options.dryRun) {
    const links = await (await openJsonLinkRegistry(source.links)).list();
    return toPlan(ctx.paths, source, mode, await planMerge(ctx, source, links));
  }

  const lock = await acquireLibraryLock(source.lock);
  let sourceIndex: ModelIndex | null = null;
  try {
    sourceIndex = await openSourceIndex(source);
    // The source is put in order first, as opening it would (interrupted imports undone ...).
    const recovery = await recoverState(source);
    if (recovery.needsReindex && sourceIndex) await reindexLibrary(source.root, sourceIndex);
    const from = await openJsonLinkRegistry(source.links);
    const planned = await planMerge(ctx, source, await from.list());
    const result: MergeResult = {
      dryRun: false,
      source: source.root,
      destination: ctx.paths.root,
      mode,
      merged: [],
      skipped: [],
      links: { carried: 0, stale: [] },
      warnings: [],
    };
    const job: MergeJob = {
      ctx,
      mode,
      source: source.root,
      side:
        mode === "move"
          ? {
              paths: source,
              index: sourceIndex,
              links: { from, to: await openJsonLinkRegistry(ctx.paths.links) },
            }
          : null,
      signal: options.signal,
      emit: emitter(options.onProgress ? throttleProgress(options.onProgress) : undefined),
      result,
    };
    for (const { entry, model } of planned) {
      options.signal?.throwIfAborted();
      if (model) {
        await mergeModel(job, model);
      } else {
        const { folder, sourceId, code = "BAD_METADATA", reason = "" } = entry;
        result.skipped.push({ folder, sourceId, code, reason });
      }
    }
    return result;
  } finally {
    sourceIndex?.close();
    await lock.release();
  }
}

async function mergeModel(job: MergeJob, model: SourceModel): Promise<void> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const decision = await classifyModel(job.ctx, model.metadata);
    const outcome =
      decision.action === "duplicate"
        ? await mergeDuplicate(job, model, decision.id)
        : await mergeMove(job, model);
    if (outcome === "done") return;
  }
  throw new Error(`${model.folder}: the destination kept changing while merging it; try again`);
}

function toPlan(
  destination: LibraryPaths,
  source: LibraryPaths,
  mode: MergeMode,
  planned: PlannedModel[],
): MergePlan {
  const entries = planned.map((p) => p.entry);
  const counts: Record<MergeAction, number> = { move: 0, duplicate: 0, conflict: 0, skip: 0 };
  let bytes = 0;
  for (const entry of entries) {
    counts[entry.action]++;
    if ((entry.action === "move" || entry.action === "conflict") && !entry.inPlace) bytes += entry.size;
  }
  return { dryRun: true, source: source.root, destination: destination.root, mode, entries, counts, bytes };
}
