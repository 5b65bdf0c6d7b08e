import type { FixtureRepo } from "@ml-tooling/fixture-hub";

/** A few repos shaped like the hub's: GGUF quant repos, a safetensors base model, a diffusers pipeline. */
export const searchRepos: FixtureRepo[] = [
  {
    id: "bartowski/Llama-3.2-1B-Instruct-GGUF",
    files: {
      "Llama-3.2-1B-Instruct-Q8_0.gguf": "q8",
      "Llama-3.2-1B-Instruct-Q4_K_M.gguf": "q4",
      "Llama-3.2-1B-Instruct-IQ2_M.gguf": "iq2",
      "README.md": "# gguf",
    },
    info: {
      downloads: 5000,
      likes: 40,
      pipeline_tag: "text-generation",
      tags: ["gguf", "llama"],
      library_name: "gguf",
    },
  },
  {
    id: "meta-llama/Llama-3.2-1B-Instruct",
    files: {
      "config.json": "{}",
      "model.safetensors": "st",
      "tokenizer.json": "{}",
    },
    info: {
      downloads: 90000,
      likes: 900,
      pipeline_tag: "text-generation",
      tags: ["safetensors", "llama"],
      library_name: "transformers",
    },
  },
  {
    id: "someone/llama-3.2-1b-mmproj-GGUF",
    files: { "llama-f16.gguf": "f16", "mmproj-llama-Q8_0.gguf": "p" },
    info: { downloads: 10, pipeline_tag: "image-text-to-text", tags: ["gguf"] },
  },
  {
    id: "stabilityai/sdxl-turbo",
    files: { "model_index.json": "{}", "unet/diffusion_pytorch_model.fp16.safetensors": "u" },
    info: { downloads: 7000, pipeline_tag: "text-to-image", tags: ["diffusers"], library_name: "diffusers" },
  },
];
