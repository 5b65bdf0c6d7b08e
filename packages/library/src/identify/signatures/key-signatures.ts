import { COMPONENT_SIGNATURES } from "./components.js";
import { DIFFUSION_SIGNATURES } from "./diffusion.js";
import { ENCODER_SIGNATURES } from "./encoders.js";
import { LLM_SIGNATURES } from "./llm.js";
import { LORA_SIGNATURES } from "./lora.js";
import type { KeySignature } from "./types.js";

/** Every key signature; `matchSignatures` picks the highest-priority one that matches. */
export const KEY_SIGNATURES: readonly KeySignature[] = [
  ...LORA_SIGNATURES,
  ...COMPONENT_SIGNATURES,
  ...DIFFUSION_SIGNATURES,
  ...LLM_SIGNATURES,
  ...ENCODER_SIGNATURES,
];
