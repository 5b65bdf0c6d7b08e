import { FACET_MARK } from "./facet-token.js";
import { IndexError } from "./index-error.js";
import { type IndexedModel, MODEL_SOURCES, type ModelSource } from "./indexed-model.js";

const OPTIONAL_STRINGS = [
  "officialName",
  "subtype",
  "architecture",
  "baseModel",
  "quantization",
  "sha256",
  "blake3",
  "fastHash",
  "repo",
  "publisher",
  "notes",
] as const;

const REQUIRED_STRINGS = ["name", "type", "format", "path"] as const;

/**
 * Checks a document before it is written and returns it with every optional field set
 * (`null` when absent), the shape `get` and `search` give back. Unknown keys are dropped, and
 * FACET_MARK (U+E000) in searchable text becomes U+FFFD so text can never fake a filter.
 * Throws INVALID_DOCUMENT naming `label` (the index file), the model and the field.
 */
export function validateModel(doc: unknown, label: string): Required<IndexedModel> {
  const fail = (id: unknown, problem: string): never => {
    const who = typeof id === "string" ? `model ${JSON.stringify(id)}` : "model";
    throw new IndexError("INVALID_DOCUMENT", `${label}: ${who}: ${problem}`);
  };
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return fail(undefined, "not an object");
  const d = doc as Record<string, unknown>;
  if (typeof d.id !== "string" || d.id.length === 0) return fail(d.id, "id must be a non-empty string");
  const id = d.id;

  for (const key of REQUIRED_STRINGS) {
    if (typeof d[key] !== "string") fail(id, `${key} must be a string`);
  }
  for (const key of OPTIONAL_STRINGS) {
    if (d[key] != null && typeof d[key] !== "string") fail(id, `${key} must be a string or null`);
  }
  const count = (key: "size" | "parameterCount" | "contextLength", optional: boolean): number | null => {
    const value = d[key];
    if (optional && value == null) return null;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      return fail(id, `${key} must be a finite number >= 0${optional ? " or null" : ""}`);
    }
    return value;
  };
  const size = count("size", false) as number;
  const parameterCount = count("parameterCount", true);
  const contextLength = count("contextLength", true);
  if (!Array.isArray(d.tags) || !d.tags.every((t) => typeof t === "string")) {
    fail(id, "tags must be an array of strings");
  }
  if (!MODEL_SOURCES.includes(d.source as ModelSource)) {
    fail(id, `source must be one of ${MODEL_SOURCES.join(", ")}`);
  }
  for (const key of ["addedAt", "updatedAt"] as const) {
    if (typeof d[key] !== "string" || Number.isNaN(Date.parse(d[key] as string))) {
      fail(id, `${key} must be an ISO 8601 time`);
    }
  }

  const text = (value: unknown) => (value as string).replaceAll(FACET_MARK, "\uFFFD");
  const optional = (key: (typeof OPTIONAL_STRINGS)[number]) => (d[key] == null ? null : text(d[key]));
  return {
    id,
    name: text(d.name),
    officialName: optional("officialName"),
    type: text(d.type),
    subtype: optional("subtype"),
    format: text(d.format),
    architecture: optional("architecture"),
    baseModel: optional("baseModel"),
    quantization: optional("quantization"),
    parameterCount,
    contextLength,
    size,
    sha256: optional("sha256"),
    blake3: optional("blake3"),
    fastHash: optional("fastHash"),
    tags: (d.tags as string[]).map(text),
    repo: optional("repo"),
    publisher: optional("publisher"),
    notes: optional("notes"),
    source: d.source as ModelSource,
    path: d.path as string,
    addedAt: d.addedAt as string,
    updatedAt: d.updatedAt as string,
  };
}
