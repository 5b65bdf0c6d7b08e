// What a file name suggests. Names are the weakest evidence: they only break ties the bytes
// leave open, or give a low-confidence guess when the bytes say nothing (pickle files).
import type { ModelType } from "../types.js";

const BASE_HINTS: ReadonlyArray<[RegExp, string]> = [
  [/sd[-_ ]?xl.*refiner|refiner.*xl/, "SDXL Refiner"],
  [/sd[-_ ]?xl|(^|[^a-z])xl([^a-z]|$)|pony|illustrious/, "SDXL"],
  [/sd[-_ ]?1[-_.]?[45x]|v1[-_.]5|(^|[^a-z])sd1([^0-9]|$)/, "SD1.x"],
  [/sd[-_ ]?2[-_.]?[01x]|v2[-_.]1|(^|[^a-z])sd2([^0-9]|$)/, "SD2.x"],
  [/sd[-_ ]?3[-_.]5/, "SD3.5"],
  [/sd[-_ ]?3/, "SD3"],
  [/flux/, "FLUX.1"],
];

const TYPE_HINTS: ReadonlyArray<[RegExp, ModelType]> = [
  [/lora|lycoris|locon|loha|lokr/, "lora"],
  [/(^|[^a-z])vae([^a-z]|$)/, "vae"],
  [/controlnet|control[-_]|t2i[-_]?adapter/, "controlnet"],
  [/esrgan|upscal|swinir|(^|[^a-z0-9])[248]x[^a-z0-9]|(^|[^a-z0-9])x[248]([^a-z0-9]|$)/, "upscaler"],
  [/t5xxl|umt5|clip[-_]?[lg]([^a-z]|$)|text[-_]?encoder/, "text-encoder"],
  [/whisper/, "audio"],
  [/llama|mistral|qwen|gemma|phi-?[234]|gpt/, "llm"],
  [/sd[-_ ]?xl|sd[-_ ]?[123]|v1[-_.]5|flux|inpaint|checkpoint|diffusion/, "diffusion"],
];

export interface NameHints {
  /** Base models the name mentions, most specific first. */
  baseModels: string[];
  /** Model types the name mentions, in table order (the first is the best guess). */
  types: ModelType[];
}

export function readNameHints(fileName: string): NameHints {
  const name = fileName.toLowerCase();
  const baseModels: string[] = [];
  for (const [pattern, base] of BASE_HINTS) {
    // "SDXL Refiner" contains "SDXL": keep only the more specific one.
    if (pattern.test(name) && !baseModels.some((b) => b.startsWith(base))) baseModels.push(base);
  }
  const types = TYPE_HINTS.filter(([pattern]) => pattern.test(name)).map(([, type]) => type);
  return { baseModels, types };
}
