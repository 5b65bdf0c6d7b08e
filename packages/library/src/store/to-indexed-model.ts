import { relative, sep } from "node:path";
import type { IndexedModel } from "@ml/index-fts";
import type { ModelRecord } from "./model-record.js";

/** The index document of a model; `path` is its folder relative to the library root, `/`-separated. */
export function toIndexedModel(record: ModelRecord, root: string): IndexedModel {
  const repo = record.source.repo ?? null;
  return {
    id: record.id,
    name: record.name,
    officialName: record.official_name,
    type: record.type,
    subtype: record.subtype,
    format: record.format,
    architecture: record.architecture,
    baseModel: record.base_model,
    quantization: record.quantization,
    parameterCount: record.parameter_count,
    contextLength: record.context_length,
    size: record.size,
    sha256: record.sha256,
    blake3: record.blake3,
    fastHash: record.fast_hash,
    tags: record.tags,
    repo,
    publisher: repo?.includes("/") ? (repo.split("/")[0] ?? null) : null,
    notes: record.notes === "" ? null : record.notes,
    source: record.source.kind,
    path: relative(root, record.folder).split(sep).join("/"),
    addedAt: record.added_at,
    updatedAt: record.updated_at,
  };
}
