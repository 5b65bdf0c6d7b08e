// What the graph inputs and outputs of an exported ONNX model say about it: exporters
// (optimum, diffusers, whisper) use stable names.
import type { ModelType } from "../types.js";

export interface OnnxIoHint {
  type: ModelType;
  subtype?: string;
  describe: string;
  inputs: string[];
  /** At least one output name must start with one of these, when given. */
  outputs?: string[];
}

/** First match wins. */
export const ONNX_IO_HINTS: readonly OnnxIoHint[] = [
  {
    type: "diffusion",
    subtype: "unet",
    describe: "denoiser inputs (sample, timestep, encoder_hidden_states)",
    inputs: ["sample", "timestep", "encoder_hidden_states"],
  },
  { type: "vae", describe: "VAE decoder input (latent_sample)", inputs: ["latent_sample"] },
  { type: "audio", describe: "speech features input (input_features)", inputs: ["input_features"] },
  {
    type: "llm",
    describe: "token inputs with logits and a key/value cache",
    inputs: ["input_ids"],
    outputs: ["present", "logits"],
  },
  {
    type: "embedding",
    describe: "token inputs with hidden-state or embedding outputs",
    inputs: ["input_ids"],
    outputs: ["last_hidden_state", "sentence_embedding", "token_embeddings", "pooler_output", "text_embeds"],
  },
  { type: "text-encoder", describe: "token inputs", inputs: ["input_ids"] },
  { type: "vision", describe: "image input (pixel_values)", inputs: ["pixel_values"] },
];
