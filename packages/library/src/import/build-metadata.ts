import { basename } from "node:path";
import { parseQuantization } from "@ml/naming";
import type { Identification } from "../identify/types.js";
import {
  METADATA_SCHEMA_VERSION,
  type ModelFile,
  type ModelMetadata,
  type ModelSource,
} from "../store/metadata-schema.js";
import { modelFamily } from "../store/model-folder.js";

export interface MetadataInput {
  name: string;
  identification: Identification;
  /** Payload files, the primary first. */
  files: ModelFile[];
  fastHash: string;
  source: ModelSource;
  tags?: string[];
  notes?: string;
  /** ISO time; added and updated. */
  now: string;
}

/** A new model's metadata.json but its id (given at commit), from what identification found and what was hashed. */
export function buildMetadata(input: MetadataInput): Omit<ModelMetadata, "id"> {
  const { identification: id, files } = input;
  const primary = files[0] as ModelFile;
  return {
    schema_version: METADATA_SCHEMA_VERSION,
    name: input.name,
    ...identifiedFields(id, primary.name),
    files,
    sha256: primary.sha256,
    blake3: primary.blake3,
    fast_hash: input.fastHash,
    size: files.reduce((sum, f) => sum + f.size, 0),
    source: input.source,
    added_at: input.now,
    updated_at: input.now,
    tags: [...new Set(input.tags ?? [])],
    notes: input.notes ?? "",
  };
}

/** The metadata fields identification decides (re-identification rewrites exactly these). */
export function identifiedFields(id: Identification, primaryName: string) {
  const official = id.fields["general.name"];
  const packaging = id.fields.packaging;
  return {
    official_name: typeof official === "string" && official.trim() !== "" ? official.trim() : null,
    type: id.type,
    subtype: id.subtype,
    family: modelFamily(id.architecture, id.baseModel),
    architecture: id.architecture,
    base_model: id.baseModel,
    packaging: typeof packaging === "string" ? packaging : null,
    format: id.format,
    quantization: id.quantization ?? parseQuantization(basename(primaryName)),
    parameter_count: id.parameterCount,
    context_length: id.contextLength,
    shards: id.shards
      ? {
          total: id.shards.total,
          complete: id.shards.complete,
          files: id.shards.files.map((f) => basename(f)),
        }
      : null,
    identification: { confidence: id.confidence, evidence: id.evidence },
    unsafe: id.unsafe,
  } satisfies Partial<ModelMetadata>;
}
