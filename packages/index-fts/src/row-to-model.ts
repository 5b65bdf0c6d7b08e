import type { IndexedModel, ModelSource } from "./indexed-model.js";

/** A row of `models` as better-sqlite3 returns it. */
export interface ModelRow {
  rid: number;
  id: string;
  name: string;
  official_name: string | null;
  type: string;
  subtype: string | null;
  format: string;
  architecture: string | null;
  base_model: string | null;
  quantization: string | null;
  parameter_count: number | null;
  context_length: number | null;
  size: number;
  sha256: string | null;
  blake3: string | null;
  fast_hash: string | null;
  tags: string;
  repo: string | null;
  publisher: string | null;
  notes: string | null;
  source: string;
  path: string;
  added_at: string;
  updated_at: string;
}

/** The document a `models` row holds. */
export function rowToModel(row: ModelRow): Required<IndexedModel> {
  return {
    id: row.id,
    name: row.name,
    officialName: row.official_name,
    type: row.type,
    subtype: row.subtype,
    format: row.format,
    architecture: row.architecture,
    baseModel: row.base_model,
    quantization: row.quantization,
    parameterCount: row.parameter_count,
    contextLength: row.context_length,
    size: row.size,
    sha256: row.sha256,
    blake3: row.blake3,
    fastHash: row.fast_hash,
    tags: JSON.parse(row.tags) as string[],
    repo: row.repo,
    publisher: row.publisher,
    notes: row.notes,
    source: row.source as ModelSource,
    path: row.path,
    addedAt: row.added_at,
    updatedAt: row.updated_at,
  };
}
