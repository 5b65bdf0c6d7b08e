// The input the mapper works on: a plain description of one library model. The library
// builds it from its metadata.json; the mapper never reads the library's storage itself.

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

export interface MapperFile {
  /** Relative to the model folder, with "/" separators ("unet/diffusion_pytorch_model.safetensors"). */
  name: string;
  /** Absolute path of the library file. */
  path: string;
  size: number;
  /** Hex sha256 of the content; Ollama blobs are named after it. */
  sha256?: string | null;
}

export interface MapperModel {
  id: string;
  name: string;
  type: ModelType;
  /** "checkpoint", "unet", "transformer", "mmproj", "inpaint", "textual-inversion", "clip-l", ... */
  subtype: string | null;
  /** "gguf", "safetensors", "pickle", "onnx", "diffusers", "hf-repo", ... */
  format: string;
  /** "llama", "qwen2", "flux", "sdxl-unet", "esrgan", ... */
  architecture: string | null;
  /** "SD1.x", "SDXL", "FLUX.1", ... */
  baseModel: string | null;
  /** "Q4_K_M", "F16", ... */
  quantization: string | null;
  tags: string[];
  /** How a diffusion model is packed ("checkpoint", "transformer", "unet", "diffusers-unet", ...), when known. */
  packaging?: string | null;
  parameterCount?: number | null;
  publisher?: string | null;
  /** "org/name" of the repository it came from. */
  repo?: string | null;
  /** Absolute model folder. */
  folder: string;
  /** Every payload file: shards, projector and diffusers sub-files included. */
  files: MapperFile[];
  /** Name (as in `files`) of the main file. */
  primaryFile: string;
  /** Name (as in `files`) of a vision projector (mmproj) that belongs to the model. */
  projector?: string | null;
}
