import type { ModelMetadata } from "../store/metadata-schema.js";

/** A 64-digit hex string of one repeated character. */
export const hex = (c: string) => c.repeat(64);

/** A valid metadata.json value for a small GGUF model; fields can be replaced. */
export function sampleMetadata(overrides: Partial<ModelMetadata> = {}): ModelMetadata {
  return {
    schema_version: 1,
    id: "llama-3-8b-aaaaaaaa",
    name: "Llama-3-8B",
    official_name: null,
    type: "llm",
    subtype: null,
    family: "llama",
    architecture: "llama",
    base_model: null,
    packaging: null,
    format: "gguf",
    quantization: "Q4_K_M",
    parameter_count: 8_000_000_000,
    context_length: 8192,
    files: [{ name: "llama.gguf", size: 10, sha256: hex("a"), blake3: hex("b") }],
    sha256: hex("a"),
    blake3: hex("b"),
    fast_hash: `fh1:${hex("c")}`,
    size: 10,
    shards: null,
    source: { kind: "import", path: "/x/llama.gguf", mode: "copy" },
    added_at: "2025-01-01T00:00:00.000Z",
    updated_at: "2025-01-01T00:00:00.000Z",
    tags: [],
    notes: "",
    identification: { confidence: 0.9, evidence: [] },
    unsafe: null,
    ...overrides,
  };
}
