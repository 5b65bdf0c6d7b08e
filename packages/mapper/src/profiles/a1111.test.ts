import { describe, expect, it } from "vitest";
import { findRule } from "../match-rule.js";
import { describeAcceptance } from "../test-utils/acceptance.js";
import { buildLibrary, filesOf } from "../test-utils/library-fixture.js";
import { tempDirs } from "../test-utils/temp-dirs.js";
import { a1111 } from "./a1111.js";

const WEBUI_LAYOUT = [
  "webui.py",
  "models/Stable-diffusion/",
  "models/Lora/",
  "models/VAE/",
  "models/ESRGAN/",
  "embeddings/",
];

describeAcceptance("AUTOMATIC1111", {
  profile: a1111,
  layout: WEBUI_LAYOUT,
  expected: () => ({
    "sd15-ckpt": filesOf("sd15-ckpt", "models/Stable-diffusion"),
    "sdxl-ckpt": filesOf("sdxl-ckpt", "models/Stable-diffusion"),
    "sdxl-refiner": filesOf("sdxl-refiner", "models/Stable-diffusion"),
    "sd15-pickle": filesOf("sd15-pickle", "models/Stable-diffusion"),
    "lora-sd15": filesOf("lora-sd15", "models/Lora"),
    "lora-sdxl": filesOf("lora-sdxl", "models/Lora"),
    "lora-flux": filesOf("lora-flux", "models/Lora"),
    "lora-lyco": filesOf("lora-lyco", "models/Lora"),
    "vae-sd15": filesOf("vae-sd15", "models/VAE"),
    "vae-sdxl": filesOf("vae-sdxl", "models/VAE"),
    "vae-flux": filesOf("vae-flux", "models/VAE"),
    "cn-sd15-canny": filesOf("cn-sd15-canny", "models/ControlNet"),
    "cn-sdxl-union": filesOf("cn-sdxl-union", "models/ControlNet"),
    "up-ultrasharp": filesOf("up-ultrasharp", "models/ESRGAN"),
    "up-swinir": filesOf("up-swinir", "models/SwinIR"),
    "ti-easynegative": filesOf("ti-easynegative", "embeddings"),
    "ti-negxl": filesOf("ti-negxl", "embeddings"),
  }),
  removeModel: "ti-negxl",
  syncDropModel: "up-swinir",
  conflictModel: "lora-sd15",
});

describe("a1111 profile", () => {
  const tmp = tempDirs();

  it("says why FLUX, transformer-only, GGUF and diffusers models stay out", async () => {
    const models = new Map((await buildLibrary(await tmp())).map((m) => [m.id, m]));
    const why = (id: string) => {
      const model = models.get(id);
      return model ? findRule(a1111, model)?.skip : "no model";
    };
    expect(why("flux-ckpt")).toBe("A1111 cannot run this model family; Forge or ComfyUI can");
    expect(why("flux-transformer")).toBe("A1111 loads only full checkpoints (UNet + VAE + text encoder)");
    expect(why("sd3-transformer")).toBe("A1111 loads only full checkpoints (UNet + VAE + text encoder)");
    expect(why("flux-gguf")).toBe("A1111 does not load GGUF diffusion models");
    expect(why("sd15-diffusers")).toBe("A1111 does not load diffusers folders");
    expect(why("sd15-ckpt")).toBeUndefined();
  });
});
