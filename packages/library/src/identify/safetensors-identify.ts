import { basename } from "node:path";
import { withFileSource } from "./byte-source.js";
import { IdentifyError } from "./identify-error.js";
import { identifySafetensorsHeaders } from "./safetensors-identify-headers.js";
import { readSafetensorsHeader } from "./safetensors-read-header.js";
import type { Identification } from "./types.js";

/**
 * Identifies one safetensors file from its header alone. Throws `IdentifyError` naming the file
 * when the header is malformed or the file is shorter than the header says.
 */
export async function identifySafetensors(path: string): Promise<Identification> {
  try {
    const header = await withFileSource(path, readSafetensorsHeader);
    return identifySafetensorsHeaders([header], { name: basename(path) });
  } catch (error) {
    throw error instanceof IdentifyError ? error.withPath(path) : error;
  }
}
