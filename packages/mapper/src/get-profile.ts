import { MapperError } from "./mapper-error.js";
import type { AppProfile } from "./profile.js";
import { a1111 } from "./profiles/a1111.js";
import { comfyui } from "./profiles/comfyui.js";
import { forge } from "./profiles/forge.js";
import { llamacpp } from "./profiles/llamacpp.js";
import { lmstudio } from "./profiles/lmstudio.js";
import { ollama } from "./profiles/ollama.js";

const BUILT_IN: readonly AppProfile[] = [comfyui, a1111, forge, lmstudio, ollama, llamacpp];

/** The built-in profiles, in the order `mlib apps` lists them. */
export function listProfiles(): readonly AppProfile[] {
  return BUILT_IN;
}

/** The built-in profile `id` ("comfyui", "a1111", "forge", "lmstudio", "ollama", "llamacpp"). */
export function getProfile(id: string): AppProfile {
  const wanted = id.toLowerCase().replace(/[\s._-]/g, "");
  const found = BUILT_IN.find((p) => p.id === wanted);
  if (!found) {
    const known = BUILT_IN.map((p) => p.id).join(", ");
    throw new MapperError("UNKNOWN_APP", `unknown app "${id}": known apps are ${known}`);
  }
  return found;
}
