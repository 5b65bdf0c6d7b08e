import { join } from "node:path";
import { describeZodError } from "./describe-zod-error.js";
import { LibraryError } from "./library-error.js";
import {
  METADATA_FILE,
  METADATA_SCHEMA_VERSION,
  type ModelMetadata,
  modelMetadataSchema,
} from "./metadata-schema.js";
import { readJson } from "./read-json.js";

/**
 * Reads and validates `<folder>/metadata.json`. Throws LibraryError BAD_METADATA naming the file
 * when it is unreadable, not JSON, written by a newer schema or does not match the schema;
 * NOT_FOUND when it does not exist.
 */
export async function readMetadata(folder: string): Promise<ModelMetadata> {
  const file = join(folder, METADATA_FILE);
  const json = await readJson(file, "BAD_METADATA");
  const version = (json as { schema_version?: unknown } | null)?.schema_version;
  if (typeof version === "number" && version > METADATA_SCHEMA_VERSION) {
    throw new LibraryError(
      "BAD_METADATA",
      `${file}: schema_version ${version} was written by a newer mlib (this one reads ${METADATA_SCHEMA_VERSION})`,
      { path: file },
    );
  }
  const parsed = modelMetadataSchema.safeParse(json);
  if (!parsed.success) {
    throw new LibraryError("BAD_METADATA", `${file}: ${describeZodError(parsed.error)}`, { path: file });
  }
  return parsed.data;
}
