import type { MapperModel } from "@ml/mapper";
import type { ModelRecord } from "../store/model-record.js";

/** What the mapper needs of a library model: its identity, what it is, and where its files are. */
export function toMapperModel(record: ModelRecord): MapperModel {
  const repo = record.source.repo ?? null;
  return {
    id: record.id,
    name: record.name,
    type: record.type,
    subtype: record.subtype,
    format: record.format,
    architecture: record.architecture,
    baseModel: record.base_model,
    quantization: record.quantization,
    tags: record.tags,
    packaging: record.packaging,
    parameterCount: record.parameter_count,
    publisher: repo?.includes("/") ? (repo.split("/")[0] ?? null) : null,
    repo,
    folder: record.folder,
    files: record.files.map((f) => ({ name: f.name, path: f.path, size: f.size, sha256: f.sha256 })),
    primaryFile: record.files[0]?.name ?? "",
  };
}
