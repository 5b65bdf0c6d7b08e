import { createHash } from "node:crypto";
import { describeAcceptance } from "../test-utils/acceptance.js";
import { filesOf } from "../test-utils/library-fixture.js";
import { forge } from "./forge.js";

const hash8 = (id: string) => createHash("sha256").update(id).digest("hex").slice(0, 8);
const sd = "models/Stable-diffusion";

describeAcceptance("Forge", {
  profile: forge,
  layout: [
    "webui.py",
    "modules_forge/",
    `${sd}/`,
    "models/Lora/",
    "models/VAE/",
    "models/text_encoder/",
    "embeddings/",
  ],
  expected: () => ({
    "sd15-ckpt": filesOf("sd15-ckpt", sd),
    "sdxl-ckpt": filesOf("sdxl-ckpt", sd),
    "sdxl-refiner": filesOf("sdxl-refiner", sd),
    "sd15-pickle": filesOf("sd15-pickle", sd),
    "flux-ckpt": filesOf("flux-ckpt", sd),
    "flux-transformer": filesOf("flux-transformer", sd),
    "flux-gguf": filesOf("flux-gguf", sd),
    "sd3-transformer": filesOf("sd3-transformer", sd),
    "lora-sd15": filesOf("lora-sd15", "models/Lora"),
    "lora-sdxl": filesOf("lora-sdxl", "models/Lora"),
    "lora-flux": filesOf("lora-flux", "models/Lora"),
    "lora-lyco": filesOf("lora-lyco", "models/Lora"),
    "vae-sd15": filesOf("vae-sd15", "models/VAE"),
    "vae-sdxl": filesOf("vae-sdxl", "models/VAE"),
    "vae-flux": filesOf("vae-flux", "models/VAE"),
    "te-clip-l": filesOf("te-clip-l", "models/text_encoder"),
    "te-t5": filesOf("te-t5", "models/text_encoder"),
    "te-t5-gguf": filesOf("te-t5-gguf", "models/text_encoder"),
    "te-clip-g": ["models/text_encoder/model.safetensors"],
    "te-clip-l-hf": [`models/text_encoder/model-${hash8("te-clip-l-hf")}.safetensors`],
    "cn-sd15-canny": filesOf("cn-sd15-canny", "models/ControlNet"),
    "cn-sdxl-union": filesOf("cn-sdxl-union", "models/ControlNet"),
    "up-ultrasharp": filesOf("up-ultrasharp", "models/ESRGAN"),
    "up-swinir": filesOf("up-swinir", "models/SwinIR"),
    "ti-easynegative": filesOf("ti-easynegative", "embeddings"),
    "ti-negxl": filesOf("ti-negxl", "embeddings"),
  }),
  removeModel: "flux-gguf",
  syncDropModel: "te-clip-g",
  conflictModel: "flux-transformer",
});
