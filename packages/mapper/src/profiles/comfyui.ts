// ComfyUI: the target is the folder holding `models/`. Every folder is scanned recursively, so
// bundle folders work. Config mode writes a section of <target>/extra_model_paths.yaml instead.
import type { AppProfile } from "../profile.js";

const ALL_METHODS = ["reflink", "hardlink", "symlink", "copy"] as const;
// Stable Diffusion generations ship as full checkpoints (UNet + VAE + text encoders); the newer
// transformer families (FLUX, SD3, Wan, ...) mostly ship as the transformer alone.
const UNET_GENERATIONS = ["SD1.x", "SD2.x", "SDXL", "SDXL Refiner"];
const TRANSFORMER_ONLY = ["transformer", "unet", "diffusers-unet", "diffusers-transformer"];

export const comfyui: AppProfile = {
  id: "comfyui",
  name: "ComfyUI",
  target: "the ComfyUI folder (it holds models/)",
  layout: "folders",
  methods: [...ALL_METHODS],
  config: { file: "extra_model_paths.yaml", format: "comfyui-extra-model-paths" },
  rules: [
    {
      match: { type: "diffusion", format: ["diffusers", "hf-repo"] },
      folder: "models/diffusers",
      configKey: "diffusers",
      bundle: "always",
    },
    {
      match: { type: "diffusion", format: "gguf" },
      folder: "models/diffusion_models",
      configKey: "diffusion_models",
      bundle: "multi-file",
    },
    {
      match: { type: "diffusion", packaging: "checkpoint" },
      folder: "models/checkpoints",
      configKey: "checkpoints",
      bundle: "multi-file",
    },
    {
      match: { type: "diffusion", packaging: TRANSFORMER_ONLY },
      folder: "models/diffusion_models",
      configKey: "diffusion_models",
      bundle: "multi-file",
    },
    {
      match: { type: "diffusion", subtype: "checkpoint" },
      folder: "models/checkpoints",
      configKey: "checkpoints",
      bundle: "multi-file",
    },
    {
      match: { type: "diffusion", subtype: TRANSFORMER_ONLY },
      folder: "models/diffusion_models",
      configKey: "diffusion_models",
      bundle: "multi-file",
    },
    {
      match: { type: "diffusion", baseModel: UNET_GENERATIONS },
      folder: "models/checkpoints",
      configKey: "checkpoints",
      bundle: "multi-file",
    },
    {
      match: { type: "diffusion" },
      folder: "models/diffusion_models",
      configKey: "diffusion_models",
      bundle: "multi-file",
    },
    {
      match: { type: "lora", subtype: "hypernetwork" },
      folder: "models/hypernetworks",
      configKey: "hypernetworks",
    },
    { match: { type: "lora" }, folder: "models/loras", configKey: "loras", bundle: "multi-file" },
    {
      match: { type: "vae", subtype: ["approx", "taesd"] },
      folder: "models/vae_approx",
      configKey: "vae_approx",
    },
    { match: { type: "vae" }, folder: "models/vae", configKey: "vae", bundle: "multi-file" },
    {
      match: { type: "text-encoder" },
      folder: "models/text_encoders",
      configKey: "text_encoders",
      bundle: "multi-file",
    },
    {
      match: { type: "vision", subtype: "style-model" },
      folder: "models/style_models",
      configKey: "style_models",
    },
    {
      match: { type: "vision", subtype: "photomaker" },
      folder: "models/photomaker",
      configKey: "photomaker",
    },
    { match: { type: "vision", subtype: "gligen" }, folder: "models/gligen", configKey: "gligen" },
    {
      match: { type: "vision", subtype: ["clip-vision", "image-encoder", null] },
      folder: "models/clip_vision",
      configKey: "clip_vision",
      bundle: "multi-file",
    },
    {
      match: { type: "controlnet" },
      folder: "models/controlnet",
      configKey: "controlnet",
      bundle: "multi-file",
    },
    { match: { type: "upscaler" }, folder: "models/upscale_models", configKey: "upscale_models" },
    {
      match: { type: "embedding", subtype: "textual-inversion" },
      folder: "models/embeddings",
      configKey: "embeddings",
    },
    {
      match: { type: "embedding", baseModel: UNET_GENERATIONS },
      folder: "models/embeddings",
      configKey: "embeddings",
    },
    {
      match: { type: "audio", subtype: ["audio-encoder", "encoder"] },
      folder: "models/audio_encoders",
      configKey: "audio_encoders",
    },
    { match: { type: ["llm", "vlm", "reranker"] }, skip: "ComfyUI does not load language models" },
    { match: { type: "embedding" }, skip: "ComfyUI does not load text-embedding models" },
  ],
  detect: {
    paths: [
      "~/ComfyUI",
      "~/comfy/ComfyUI",
      "~/Documents/ComfyUI",
      "~/ComfyUI_windows_portable/ComfyUI",
      "~/AI/ComfyUI",
    ],
    all: ["models"],
    any: ["main.py", "custom_nodes", "user", "extra_model_paths.yaml.example"],
  },
};
