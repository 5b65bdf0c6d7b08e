import { newOperationId, recordOwner, removeJournalRecord, writeJournalRecord } from "./journal-records.js";
import type { LibraryContext } from "./library-context.js";
import { LibraryError } from "./library-error.js";
import { loadModel } from "./load-model.js";
import type { ModelRecord } from "./model-record.js";
import { toIndexedModel } from "./to-indexed-model.js";

/**
 * Rewrites a model's files with `write` (metadata.json, overrides.json, atomically) and brings
 * the index up to date, with a journal record in between so that a crash after the write but
 * before the index update is repaired by the next open. Call it holding the lock.
 */
export async function updateModel(
  ctx: LibraryContext,
  record: ModelRecord,
  write: () => Promise<void>,
): Promise<ModelRecord> {
  if (ctx.index.get(record.id) === null) throw new LibraryError("NOT_FOUND", `no model with id ${record.id}`);
  const opId = newOperationId();
  await writeJournalRecord(ctx.paths, { ...recordOwner(opId), kind: "update", model_id: record.id });
  await write();
  const updated = await loadModel(ctx, record.id);
  ctx.index.upsert(toIndexedModel(updated, ctx.paths.root));
  await removeJournalRecord(ctx.paths, opId);
  return updated;
}
