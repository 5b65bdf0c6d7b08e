// A source model whose files this library already holds: the copy here stays. In move mode it
// is verified first (its files against its metadata), and so are the source's files (bytes that
// differ from their metadata are not a duplicate to throw away); only then is the journal record
// written, which from then on stands for "the source's copy may go".
import { hashFile } from "@ml/hashing";
import { verifyModels } from "../maintenance/verify-models.js";
import { newOperationId, recordOwner, removeJournalRecord } from "../store/journal-records.js";
import { loadModel } from "../store/load-model.js";
import { toIndexedModel } from "../store/to-indexed-model.js";
import { describeSourceFiles } from "./describe-source-files.js";
import { finishMergedSource } from "./finish-merged-source.js";
import type { MergeJob } from "./merge-job.js";
import { applyCarriedOverrides, overridesToCarry } from "./merge-overrides.js";
import { type MergeRecord, writeMergeRecord } from "./merge-record.js";
import { MergeSkip } from "./merge-skip.js";
import { classifyModel, type SourceModel } from "./plan-merge.js";

/** "reclassify": by the commit the copy here was gone or changed; decide again. */
export async function mergeDuplicate(
  job: MergeJob,
  model: SourceModel,
  existingId: string,
): Promise<"done" | "reclassify"> {
  const { ctx, emit, signal, result } = job;
  const { paths } = ctx;
  const opId = newOperationId();
  try {
    const files = await describeSourceFiles(model);
    emit({ type: "started", id: opId, files: files.length, totalBytes: model.metadata.size });
    if (job.side) {
      emit({ type: "verifying", id: opId });
      const here = (await verifyModels(ctx, [existingId], { signal })).models[0];
      if (here?.status !== "ok") {
        const problem = here?.problem ?? here?.files.find((f) => f.problem)?.problem ?? here?.status;
        throw new MergeSkip(
          "DESTINATION_CORRUPT",
          `its copy here, ${existingId}, fails verification (${problem}); the source keeps its copy`,
        );
      }
      for (const file of model.record.files) {
        if (file.external_path !== undefined) continue;
        const digest = await hashFile(file.path, { signal });
        if (digest.sha256 !== file.sha256 || digest.blake3 !== file.blake3 || digest.size !== file.size) {
          throw new MergeSkip(
            "CORRUPT",
            `${file.path}: differs from its metadata (damaged, or changed since it was imported); left in the source`,
          );
        }
      }
    }
    signal?.throwIfAborted();

    const updated = await ctx.withLock(async () => {
      const decision = await classifyModel(ctx, model.metadata);
      if (decision.action !== "duplicate" || decision.id !== existingId) return null;
      const destination = await loadModel(ctx, existingId);
      const patch = overridesToCarry(destination, model.record);
      const record: MergeRecord = {
        ...recordOwner(opId),
        kind: "merge",
        action: "duplicate",
        mode: job.mode,
        source_root: job.source,
        source_folder: model.folder,
        source_id: model.metadata.id,
        files,
        target: destination.folder,
        target_id: existingId,
        overrides_patch: patch,
      };
      await writeMergeRecord(paths, record);
      const changed = Object.keys(patch).length > 0;
      let current = destination;
      if (changed) {
        await applyCarriedOverrides(destination.folder, patch);
        current = await loadModel(ctx, existingId);
        ctx.index.upsert(toIndexedModel(current, paths.root));
      }
      if (job.side) {
        const finished = await finishMergedSource(job.side, record, current);
        result.links.carried += finished.carried;
        result.links.stale.push(...finished.stale);
        result.warnings.push(...finished.warnings);
      }
      await removeJournalRecord(paths, opId);
      result.merged.push({
        action: "duplicate",
        sourceId: model.metadata.id,
        id: existingId,
        folder: destination.folder,
        sha256: model.metadata.sha256,
        inPlace: model.record.files.every((f) => f.external_path !== undefined),
      });
      return { changed };
    });
    if (!updated) return "reclassify";
    emit({ type: "completed", id: opId });
    if (updated.changed) ctx.emitChange({ kind: "updated", id: existingId });
    return "done";
  } catch (error) {
    emit({ type: "failed", id: opId, reason: error instanceof Error ? error.message : String(error) });
    if (!(error instanceof MergeSkip)) throw error;
    result.skipped.push({
      folder: model.folder,
      sourceId: model.metadata.id,
      code: error.code,
      reason: error.message,
    });
    return "done";
  }
}
