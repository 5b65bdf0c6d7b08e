import type { Identification, ModelFormat } from "./types.js";

/** An answer that knows nothing yet: type "unknown", confidence 0. Readers fill it in. */
export function blankIdentification(format: ModelFormat = "unknown"): Identification {
  return {
    format,
    type: "unknown",
    subtype: null,
    architecture: null,
    baseModel: null,
    quantization: null,
    parameterCount: null,
    contextLength: null,
    shards: null,
    unsafe: null,
    confidence: 0,
    evidence: [],
    fields: {},
  };
}
