// What trainers write into safetensors `__metadata__`: kohya's `ss_*` keys and the Stability
// "modelspec" keys. Trusted below the tensors themselves: structure wins, metadata fills gaps.
import type { ModelType } from "../types.js";

export interface MetadataHint {
  type?: ModelType;
  subtype?: string;
  baseModel?: string;
  /** The key and value that said so, for evidence. */
  detail: string;
}

const MODELSPEC_BASES: ReadonlyArray<[prefix: string, baseModel: string]> = [
  ["stable-diffusion-xl-v1-refiner", "SDXL Refiner"],
  ["stable-diffusion-xl", "SDXL"],
  ["stable-diffusion-v1", "SD1.x"],
  ["stable-diffusion-v2", "SD2.x"],
  ["stable-diffusion-v3-5", "SD3.5"],
  ["stable-diffusion-v3", "SD3"],
  ["flux-1", "FLUX.1"],
];

const MODELSPEC_TYPES: Readonly<Record<string, { type: ModelType; subtype?: string }>> = {
  lora: { type: "lora" },
  lycoris: { type: "lora", subtype: "lycoris" },
  "textual-inversion": { type: "embedding", subtype: "textual-inversion" },
  vae: { type: "vae" },
  controlnet: { type: "controlnet" },
};

const KOHYA_BASES: ReadonlyArray<[prefix: string, baseModel: string]> = [
  ["sdxl", "SDXL"],
  ["sd_v1", "SD1.x"],
  ["sd_v2", "SD2.x"],
  ["sd3", "SD3"],
  ["flux1", "FLUX.1"],
];

export function readMetadataHints(metadata: Readonly<Record<string, string>> | null): MetadataHint[] {
  if (!metadata) return [];
  const hints: MetadataHint[] = [];
  const spec = metadata["modelspec.architecture"];
  if (typeof spec === "string") {
    const [arch = "", kind = ""] = spec.toLowerCase().split("/");
    const base = MODELSPEC_BASES.find(([prefix]) => arch.startsWith(prefix))?.[1];
    hints.push({
      ...(base ? { baseModel: base } : {}),
      ...MODELSPEC_TYPES[kind],
      detail: `modelspec.architecture = ${spec}`,
    });
  }
  const kohya = metadata.ss_base_model_version;
  if (typeof kohya === "string") {
    const base = KOHYA_BASES.find(([prefix]) => kohya.toLowerCase().startsWith(prefix))?.[1];
    hints.push({
      type: "lora",
      ...(base ? { baseModel: base } : {}),
      detail: `ss_base_model_version = ${kohya}`,
    });
  }
  const module = metadata.ss_network_module;
  if (typeof module === "string" && module.startsWith("lycoris")) {
    hints.push({ type: "lora", subtype: "lycoris", detail: `ss_network_module = ${module}` });
  }
  return hints;
}
