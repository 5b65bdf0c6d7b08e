import type { ByteSource } from "./byte-source.js";
import { IdentifyError } from "./identify-error.js";
import {
  parseSafetensorsHeader,
  type SafetensorsHeader,
  safetensorsHeaderLength,
} from "./safetensors-header.js";

/**
 * Reads the header of a safetensors file: two bounded reads (the length, then exactly the
 * checked header), never the weights. Throws `IdentifyError` as `parseSafetensorsHeader` does.
 */
export async function readSafetensorsHeader(source: ByteSource): Promise<SafetensorsHeader> {
  const prefix = await source.read(0, 8);
  const length = safetensorsHeaderLength(prefix, source.size);
  const bytes = await source.read(0, 8 + length);
  if (bytes.length < 8 + length) {
    throw new IdentifyError("TRUNCATED", `safetensors: file ended inside the ${length}-byte header`);
  }
  return parseSafetensorsHeader(bytes, source.size);
}
