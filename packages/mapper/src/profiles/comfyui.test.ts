import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { describeAcceptance } from "../test-utils/acceptance.js";
import { filesOf } from "../test-utils/library-fixture.js";
import { comfyui } from "./comfyui.js";

const hash8 = (id: string) => createHash("sha256").update(id).digest("hex").slice(0, 8);

/** Where ComfyUI looks, by model; `prefix` is "models/" in the app folder and "" in the farm. */
function comfyExpected(prefix: string): Record<string, string[]> {
  const at = (id: string, folder: string) => filesOf(id, `${prefix}${folder}`);
  return {
    "sd15-ckpt": at("sd15-ckpt", "checkpoints"),
    "sdxl-ckpt": at("sdxl-ckpt", "checkpoints"),
    "sdxl-refiner": at("sdxl-refiner", "checkpoints"),
    "flux-ckpt": at("flux-ckpt", "checkpoints"),
    "sd15-pickle": at("sd15-pickle", "checkpoints"),
    "flux-transformer": at("flux-transformer", "diffusion_models"),
    "flux-gguf": at("flux-gguf", "diffusion_models"),
    "sd3-transformer": at("sd3-transformer", "diffusion_models"),
    "sd15-diffusers": at("sd15-diffusers", "diffusers/stable-diffusion-v1-5"),
    "lora-sd15": at("lora-sd15", "loras"),
    "lora-sdxl": at("lora-sdxl", "loras"),
    "lora-flux": at("lora-flux", "loras"),
    "lora-lyco": at("lora-lyco", "loras"),
    "vae-sd15": at("vae-sd15", "vae"),
    "vae-sdxl": at("vae-sdxl", "vae"),
    "vae-flux": at("vae-flux", "vae"),
    "te-clip-l": at("te-clip-l", "text_encoders"),
    "te-t5": at("te-t5", "text_encoders"),
    "te-t5-gguf": at("te-t5-gguf", "text_encoders"),
    // Two models named model.safetensors: the first by id keeps the name, the other gets its id's hash.
    "te-clip-g": [`${prefix}text_encoders/model.safetensors`],
    "te-clip-l-hf": [`${prefix}text_encoders/model-${hash8("te-clip-l-hf")}.safetensors`],
    "cn-sd15-canny": at("cn-sd15-canny", "controlnet"),
    "cn-sdxl-union": at("cn-sdxl-union", "controlnet"),
    "up-ultrasharp": at("up-ultrasharp", "upscale_models"),
    "up-swinir": at("up-swinir", "upscale_models"),
    "ti-easynegative": at("ti-easynegative", "embeddings"),
    "ti-negxl": at("ti-negxl", "embeddings"),
    "vision-clip-h": at("vision-clip-h", "clip_vision"),
  };
}

const COMFY_LAYOUT = [
  "main.py",
  "custom_nodes/",
  "models/checkpoints/",
  "models/diffusion_models/",
  "models/loras/",
  "models/vae/",
  "models/text_encoders/",
  "models/controlnet/",
  "models/upscale_models/",
  "models/embeddings/",
  "models/clip_vision/",
];

describeAcceptance("ComfyUI (links in models/)", {
  profile: comfyui,
  layout: COMFY_LAYOUT,
  expected: () => comfyExpected("models/"),
  removeModel: "sd15-diffusers",
  syncDropModel: "lora-flux",
  conflictModel: "sdxl-ckpt",
});

describeAcceptance("ComfyUI (config mode: link farm + extra_model_paths.yaml)", {
  profile: comfyui,
  layout: COMFY_LAYOUT,
  expected: () => comfyExpected(""),
  removeModel: "sd15-diffusers",
  syncDropModel: "vision-clip-h",
  conflictModel: "vae-sdxl",
  options: { strategy: "config", farm: true },
});

describe("comfyui profile", () => {
  it("sends language models and unknown files nowhere, with a reason", () => {
    const rules = comfyui.rules.filter((r) => r.skip);
    expect(rules.map((r) => r.skip)).toEqual([
      "ComfyUI does not load language models",
      "ComfyUI does not load text-embedding models",
    ]);
  });

  it("has a config key for every folder rule, so config mode can name each folder", () => {
    for (const rule of comfyui.rules.filter((r) => r.folder !== undefined)) {
      expect(rule.folder).toBe(`models/${rule.configKey}`);
    }
  });
});
