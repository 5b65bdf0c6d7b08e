export { type ByteSource, bufferSource, withFileSource } from "./identify/byte-source.js";
export { identifyFolder } from "./identify/folder-identify.js";
export { identifyGguf } from "./identify/gguf.js";
export { sniffGguf } from "./identify/gguf-sniff.js";
export { IdentifyError, type IdentifyErrorCode } from "./identify/identify-error.js";
export { type IdentifyPathOptions, identifyPath } from "./identify/identify-path.js";
export {
  parseSafetensorsHeader,
  SAFETENSORS_MAX_HEADER_LENGTH,
  type SafetensorsHeader,
  type SafetensorsTensor,
  safetensorsHeaderLength,
} from "./identify/safetensors-header.js";
export { identifySafetensors } from "./identify/safetensors-identify.js";
export { readSafetensorsHeader } from "./identify/safetensors-read-header.js";
export type {
  Evidence,
  EvidenceStrength,
  Identification,
  ModelFormat,
  ModelType,
  ShardInfo,
} from "./identify/types.js";
export { resolveLibraryRoot } from "./layout/resolve-library-root.js";
export { baseName } from "./naming/base-name.js";
export { ggufFileTypeToQuant } from "./naming/gguf-file-type-to-quant.js";
export { normalizeName } from "./naming/normalize-name.js";
export { parseQuantization } from "./naming/parse-quantization.js";
