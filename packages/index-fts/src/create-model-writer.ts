import type Database from "better-sqlite3";
import { DELETE_FTS_ROW, INSERT_FTS_ROW } from "./fts-columns.js";
import type { IndexedModel } from "./indexed-model.js";
import { modelFacets } from "./model-facets.js";
import { type ModelRow, rowToModel } from "./row-to-model.js";
import { toFtsRow } from "./to-fts-row.js";
import { validateModel } from "./validate-model.js";

const COLUMNS = [
  "id",
  "name",
  "official_name",
  "type",
  "subtype",
  "format",
  "architecture",
  "base_model",
  "quantization",
  "parameter_count",
  "context_length",
  "size",
  "sha256",
  "blake3",
  "fast_hash",
  "tags",
  "repo",
  "publisher",
  "notes",
  "source",
  "path",
  "added_at",
  "updated_at",
  "added_ms",
  "facets",
] as const;

type Column = (typeof COLUMNS)[number];
type StoredRow = ModelRow & { facets: string };

/** The statements that write one model; call them inside a transaction. */
export interface ModelWriter {
  /** Inserts or replaces the model with `doc.id` (validated first), and its FTS row. */
  upsert(doc: IndexedModel): void;
  /** Deletes the model and its FTS row. True when it existed. */
  remove(id: string): boolean;
  /** Deletes every model. */
  clear(): void;
}

/**
 * Prepares the write statements once per connection. `label` names the index in errors. The FTS
 * row is written beside the model's (same rowid): the caller's transaction keeps them in step.
 */
export function createModelWriter(db: Database.Database, label: string): ModelWriter {
  // A new model is one INSERT; only an existing id (no row returned) reads its old row.
  const insertRow = db.prepare<Record<Column, unknown>>(
    `INSERT INTO models (${COLUMNS.join(", ")}) VALUES (${COLUMNS.map((c) => `@${c}`).join(", ")})
     ON CONFLICT(id) DO NOTHING RETURNING rid`,
  );
  const updateRow = db.prepare<Record<Column, unknown>>(
    `UPDATE models SET ${COLUMNS.slice(1)
      .map((c) => `${c} = @${c}`)
      .join(", ")} WHERE id = @id`,
  );
  const getRow = db.prepare<[string], StoredRow>("SELECT * FROM models WHERE id = ?");
  const deleteModel = db.prepare<[string], StoredRow>("DELETE FROM models WHERE id = ? RETURNING *");
  const insertFts = db.prepare(INSERT_FTS_ROW);
  const deleteFts = db.prepare(DELETE_FTS_ROW);
  const deleteAll = db.prepare("DELETE FROM models");
  const deleteAllFts = db.prepare("INSERT INTO models_fts(models_fts) VALUES ('delete-all')");

  return {
    upsert(doc) {
      const m = validateModel(doc, label);
      const facets = modelFacets(m);
      const row: Record<Column, unknown> = {
        id: m.id,
        name: m.name,
        official_name: m.officialName,
        type: m.type,
        subtype: m.subtype,
        format: m.format,
        architecture: m.architecture,
        base_model: m.baseModel,
        quantization: m.quantization,
        parameter_count: m.parameterCount,
        context_length: m.contextLength,
        size: m.size,
        sha256: m.sha256,
        blake3: m.blake3,
        fast_hash: m.fastHash,
        tags: JSON.stringify(m.tags),
        repo: m.repo,
        publisher: m.publisher,
        notes: m.notes,
        source: m.source,
        path: m.path,
        added_at: m.addedAt,
        updated_at: m.updatedAt,
        added_ms: Date.parse(m.addedAt),
        facets,
      };
      const memo = new Map<string, string>();
      const fts = toFtsRow(m, facets, memo);
      const inserted = insertRow.get(row) as { rid: number } | undefined;
      if (inserted) {
        insertFts.run(inserted.rid, ...fts);
        return;
      }
      const old = getRow.get(m.id) as StoredRow;
      const oldFts = toFtsRow(rowToModel(old), old.facets, memo);
      // An update that leaves the indexed text as it was (size, hashes, dates) leaves the index alone.
      const reindex = oldFts.some((value, i) => value !== fts[i]);
      if (reindex) deleteFts.run(old.rid, ...oldFts);
      updateRow.run(row);
      if (reindex) insertFts.run(old.rid, ...fts);
    },
    remove(id) {
      const removed = deleteModel.get(id) as StoredRow | undefined;
      if (removed) deleteFts.run(removed.rid, ...toFtsRow(rowToModel(removed), removed.facets));
      return removed !== undefined;
    },
    clear() {
      deleteAll.run();
      deleteAllFts.run();
    },
  };
}
