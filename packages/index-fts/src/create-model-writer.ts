import type Database from "better-sqlite3";
import type { IndexedModel } from "./indexed-model.js";
import { modelFacets } from "./model-facets.js";
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

/** The statements that write one model; call them inside a transaction. */
export interface ModelWriter {
  /** Inserts or replaces the model with `doc.id` (validated first); the FTS row follows by trigger. */
  upsert(doc: IndexedModel): void;
  /** Deletes the model (its FTS row goes by trigger). True when it existed. */
  remove(id: string): boolean;
  /** Deletes every model. */
  clear(): void;
}

/** Prepares the write statements once per connection. `label` names the index in errors. */
export function createModelWriter(db: Database.Database, label: string): ModelWriter {
  const upsertRow = db.prepare<Record<Column, unknown>>(
    `INSERT INTO models (${COLUMNS.join(", ")}) VALUES (${COLUMNS.map((c) => `@${c}`).join(", ")})
     ON CONFLICT(id) DO UPDATE SET ${COLUMNS.slice(1)
       .map((c) => `${c} = excluded.${c}`)
       .join(", ")}
`,
  );
  const deleteModel = db.prepare<[string]>("DELETE FROM models WHERE id = ?");
  const deleteAll = db.prepare("DELETE FROM models");

  return {
    upsert(doc) {
      const m = validateModel(doc, label);
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
        facets: modelFacets(m),
      };
      upsertRow.run(row);
    },
    remove(id) {
      return deleteModel.run(id).changes > 0;
    },
    clear() {
      deleteAll.run();
    },
  };
}
