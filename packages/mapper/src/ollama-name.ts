// Ollama's name rules (types/model/name.go): a name part and a tag of letters, digits, "_", "-"
// and ".", starting with a letter or digit, at most 80 characters. Lowercase avoids the
// case-insensitive clashes Ollama refuses.
import type { MapperModel } from "./model.js";

const MAX = 80;

function part(input: string, fallback: string): string {
  const cleaned = input
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[^a-z0-9]+/, "")
    .slice(0, MAX)
    .replace(/[-.]+$/, "");
  return cleaned === "" ? fallback : cleaned;
}

/** `name:tag` for `model`: the user's name or the model's, tag from the quantization ("q4_k_m") or "latest". */
export function ollamaName(
  model: MapperModel,
  chosen: string | undefined,
  suffix: string,
): { name: string; tag: string } {
  const name = part(chosen ?? model.name, "model");
  const tag = part(`${model.quantization ?? "latest"}${suffix}`, "latest");
  return { name, tag };
}
