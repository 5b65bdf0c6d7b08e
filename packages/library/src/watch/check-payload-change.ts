import { stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { LibraryError } from "../store/library-error.js";
import { METADATA_FILE } from "../store/metadata-schema.js";
import { readMetadata } from "../store/read-metadata.js";

export interface PayloadChange {
  /** The model the file belongs to. */
  id: string;
  /** What differs from metadata.json, in words. */
  reason: string;
}

/**
 * Whether `file`, in the model folder `folder`, is one of the model's payload files and no
 * longer what metadata.json describes: missing, of another size, or written after metadata.json
 * (which is written after the payload was hashed). Cheap on purpose: nothing is re-hashed, so a
 * 20 GB file costs two stats; `verify` decides whether the bytes really changed. Null when the
 * file is not a payload file (a stray file, a temp file) or looks unchanged.
 */
export async function checkPayloadChange(folder: string, file: string): Promise<PayloadChange | null> {
  let metadata: Awaited<ReturnType<typeof readMetadata>>;
  try {
    metadata = await readMetadata(folder);
  } catch (error) {
    // A folder without readable metadata is the refresh's business, not a payload change.
    if (error instanceof LibraryError) return null;
    throw error;
  }
  const name = relative(folder, file).split(sep).join("/");
  const entry = metadata.files.find((f) => f.name === name && f.external_path === undefined);
  if (!entry) return null;
  const [info, metadataInfo] = await Promise.all([
    stat(file).catch(() => null),
    stat(join(folder, METADATA_FILE)).catch(() => null),
  ]);
  if (!info) return { id: metadata.id, reason: "the file is missing" };
  if (info.size !== entry.size) {
    return { id: metadata.id, reason: `${info.size} bytes, metadata.json says ${entry.size}` };
  }
  if (metadataInfo && info.mtimeMs > metadataInfo.mtimeMs) {
    return { id: metadata.id, reason: "written after it was hashed (same size; run verify)" };
  }
  return null;
}
