// Stable Diffusion WebUI Forge: A1111's layout, plus FLUX and transformer-only/GGUF models in
// models/Stable-diffusion (the VAE and text encoders are picked beside them in the UI).
import type { AppProfile } from "../profile.js";
import { WEBUI_COMMON_RULES, WEBUI_DETECT_PATHS } from "./a1111.js";

export const forge: AppProfile = {
  id: "forge",
  name: "Stable Diffusion WebUI Forge",
  target: "the stable-diffusion-webui-forge folder",
  layout: "folders",
  methods: ["reflink", "hardlink", "symlink", "copy"],
  rules: [
    {
      match: { type: "diffusion", format: ["diffusers", "hf-repo"] },
      skip: "Forge does not load diffusers folders",
    },
    { match: { type: "diffusion" }, folder: "models/Stable-diffusion" },
    { match: { type: "text-encoder" }, folder: "models/text_encoder" },
    ...WEBUI_COMMON_RULES,
  ],
  detect: {
    paths: ["~/stable-diffusion-webui-forge", "~/forge", "~/webui_forge/webui", ...WEBUI_DETECT_PATHS],
    all: ["models/Stable-diffusion", "modules_forge"],
  },
};
