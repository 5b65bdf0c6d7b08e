import { join } from "node:path";
import type { ModelFile, ModelMetadata, ModelOverrides } from "./metadata-schema.js";

/** A model as the library hands it out: metadata.json with overrides.json applied, and where it lives. */
export interface ModelRecord extends Omit<ModelMetadata, "files"> {
  /** Absolute path of the model folder. */
  folder: string;
  /** Payload files, the primary first, each with its absolute path (the external one for in-place imports). */
  files: Array<ModelFile & { path: string }>;
  /** The user's edits, already applied to the fields above. */
  overrides: ModelOverrides;
}

/** Merges the user's overrides over the metadata (overrides always win). */
export function toModelRecord(
  metadata: ModelMetadata,
  overrides: ModelOverrides,
  folder: string,
): ModelRecord {
  const files = metadata.files.map((file) => ({
    ...file,
    path: file.external_path ?? join(folder, ...file.name.split("/")),
  }));
  return { ...metadata, ...definedOnly(overrides), files, folder, overrides };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
