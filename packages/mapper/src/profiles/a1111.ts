// AUTOMATIC1111 stable-diffusion-webui: the target is the webui folder. It loads full
// checkpoints only (no transformer-only or GGUF models, no FLUX) and keeps embeddings at the root.
import type { AppProfile, ProfileRule } from "../profile.js";

const CHECKPOINT_BASES = ["SD1.x", "SD2.x", "SDXL", "SDXL Refiner", "SD3", "SD3.5", null];

/** Rules A1111 and Forge share (LoRAs, VAEs, upscalers, ControlNets, embeddings). */
export const WEBUI_COMMON_RULES: ProfileRule[] = [
  { match: { type: "lora", subtype: "hypernetwork" }, folder: "models/hypernetworks" },
  { match: { type: "lora" }, folder: "models/Lora" },
  { match: { type: "vae", subtype: ["approx", "taesd"] }, folder: "models/VAE-approx" },
  { match: { type: "vae" }, folder: "models/VAE" },
  { match: { type: "upscaler", architecture: "swinir" }, folder: "models/SwinIR" },
  { match: { type: "upscaler", architecture: "dat" }, folder: "models/DAT" },
  { match: { type: "upscaler" }, folder: "models/ESRGAN" },
  { match: { type: "controlnet" }, folder: "models/ControlNet" },
  { match: { type: "embedding", subtype: "textual-inversion" }, folder: "embeddings" },
  { match: { type: "embedding", baseModel: ["SD1.x", "SD2.x", "SDXL"] }, folder: "embeddings" },
];

/** Usual webui folders; Forge is told apart by its modules_forge folder. */
export const WEBUI_DETECT_PATHS = [
  "~/stable-diffusion-webui",
  "~/automatic1111",
  "~/AI/stable-diffusion-webui",
];

export const a1111: AppProfile = {
  id: "a1111",
  name: "AUTOMATIC1111 WebUI",
  target: "the stable-diffusion-webui folder",
  layout: "folders",
  methods: ["reflink", "hardlink", "symlink", "copy"],
  rules: [
    {
      match: { type: "diffusion", format: ["diffusers", "hf-repo"] },
      skip: "A1111 does not load diffusers folders",
    },
    { match: { type: "diffusion", format: "gguf" }, skip: "A1111 does not load GGUF diffusion models" },
    {
      match: {
        type: "diffusion",
        packaging: ["transformer", "unet", "diffusers-unet", "diffusers-transformer"],
      },
      skip: "A1111 loads only full checkpoints (UNet + VAE + text encoder)",
    },
    {
      match: { type: "diffusion", subtype: ["transformer", "unet", "diffusers-unet"] },
      skip: "A1111 loads only full checkpoints (UNet + VAE + text encoder)",
    },
    { match: { type: "diffusion", baseModel: CHECKPOINT_BASES }, folder: "models/Stable-diffusion" },
    { match: { type: "diffusion" }, skip: "A1111 cannot run this model family; Forge or ComfyUI can" },
    ...WEBUI_COMMON_RULES,
  ],
  detect: { paths: WEBUI_DETECT_PATHS, all: ["models/Stable-diffusion"], none: ["modules_forge"] },
};
