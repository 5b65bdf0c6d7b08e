// The answer identification gives for a file, a shard set or a folder. Shared by every format
// reader so that `mlib inspect`, import and the index speak one shape.

export type ModelFormat =
  | "gguf"
  | "ggml"
  | "safetensors"
  | "pickle"
  | "onnx"
  | "diffusers"
  | "hf-repo"
  | "unknown";

export type ModelType =
  | "llm"
  | "vlm"
  | "embedding"
  | "reranker"
  | "diffusion"
  | "lora"
  | "vae"
  | "text-encoder"
  | "controlnet"
  | "upscaler"
  | "audio"
  | "vision"
  | "unknown";

/** How much weight a piece of evidence carries: bytes beat structure, names only break ties. */
export type EvidenceStrength = "strong" | "medium" | "weak";

export interface Evidence {
  /** Where it came from: "gguf:general.architecture", "safetensors:keys", "name", ... */
  source: string;
  /** What it says, in words a user can read. */
  detail: string;
  strength: EvidenceStrength;
}

export interface ShardInfo {
  /** Files of the set, in order; the identified path is one of them. */
  files: string[];
  total: number;
  complete: boolean;
  missing: number[];
}

export interface Identification {
  format: ModelFormat;
  type: ModelType;
  /** e.g. "checkpoint", "unet", "lycoris", "mmproj", "inpaint", "refiner"; null when none applies. */
  subtype: string | null;
  /** e.g. "llama", "qwen2", "sdxl-unet", "flux", "t5"; null when unknown. */
  architecture: string | null;
  /** e.g. "SD1.x", "SD2.x", "SDXL", "SDXL Refiner", "SD3", "FLUX.1"; null when unknown or n/a. */
  baseModel: string | null;
  /** Q4_K_M, IQ2_XS, F16, BF16, FP8, F32, ...; null when unknown. */
  quantization: string | null;
  parameterCount: number | null;
  contextLength: number | null;
  shards: ShardInfo | null;
  /** Set when loading the file would execute code (pickle). */
  unsafe: "pickle" | null;
  /** 0..1: 0.9+ read from the bytes, ~0.5 structure only, <= 0.3 from the name. */
  confidence: number;
  evidence: Evidence[];
  /** Every field read, for `mlib inspect --all` (GGUF metadata keys, config.json fields, ...). */
  fields: Record<string, unknown>;
}
