import { HfError } from "./hf-error.js";
import type { RepoDetails, RepoFile, RepoVariant } from "./types.js";

export interface PullChoice {
  /** Variant name, quantization label, or a file path in the repo. */
  variant?: string;
  /** A file path in the repo. */
  file?: string;
}

// What a GGUF pull takes when no quantization is named: the usual quality/size sweet spot first.
const DEFAULT_QUANTS = ["Q4_K_M", "Q4_K_S", "Q5_K_M", "Q4_0", "IQ4_XS", "IQ4_NL", "Q5_K_S", "Q6_K", "Q8_0"];

/** The files a pull fetches: one named file, a named variant, or the repo's default variant. */
export function selectPullFiles(
  details: RepoDetails,
  choice: PullChoice,
): { variant?: RepoVariant; files: RepoFile[] } {
  const where = `${details.repo}@${details.revision}`;
  const byPath = new Map(details.files.map((f) => [f.path, f]));
  const named = choice.file ?? choice.variant;
  const single = named === undefined ? undefined : byPath.get(named);
  if (single) return { files: [single] };
  if (choice.file !== undefined) throw new HfError("NOT_FOUND", `${where}: no file ${choice.file}`);

  const variant =
    choice.variant === undefined
      ? defaultVariant(details, where)
      : namedVariant(details, choice.variant, where);
  if (!variant.complete) {
    throw new HfError(
      "NOT_FOUND",
      `${where}: variant ${variant.name} is missing shards in the repo; it cannot be pulled whole`,
    );
  }
  return { variant, files: variant.files.map((path) => byPath.get(path) as RepoFile) };
}

function namedVariant(details: RepoDetails, name: string, where: string): RepoVariant {
  const lower = name.toLowerCase();
  const exact = details.variants.find((v) => v.name.toLowerCase() === lower);
  if (exact) return exact;
  const byQuant = details.variants.filter((v) => v.quantization?.toLowerCase() === lower);
  if (byQuant.length === 1) return byQuant[0] as RepoVariant;
  if (byQuant.length > 1) {
    throw new HfError(
      "AMBIGUOUS_VARIANT",
      `${where}: ${name} names several variants: ${list(byQuant)}; pick one`,
    );
  }
  throw new HfError(
    "VARIANT_NOT_FOUND",
    `${where}: no variant or file ${name}; available: ${list(details.variants)}`,
  );
}

function defaultVariant(details: RepoDetails, where: string): RepoVariant {
  const { variants } = details;
  if (variants.length === 1) return variants[0] as RepoVariant;
  const ggufs = variants.filter((v) => v.kind === "gguf" && v.complete);
  for (const quant of DEFAULT_QUANTS) {
    const found = ggufs.filter((v) => v.quantization === quant);
    if (found.length === 1) return found[0] as RepoVariant;
  }
  const others = variants.filter((v) => v.kind !== "gguf");
  const plain = others.find((v) => v.name === "safetensors" || v.name === "diffusers");
  if (ggufs.length === 0 && (others.length === 1 || plain)) return plain ?? (others[0] as RepoVariant);
  if (variants.length === 0) {
    throw new HfError(
      "VARIANT_NOT_FOUND",
      `${where}: no model files (GGUF or safetensors) found; name a file to pull`,
    );
  }
  throw new HfError("AMBIGUOUS_VARIANT", `${where}: several variants, name one: ${list(variants)}`);
}

function list(variants: RepoVariant[]): string {
  return variants.map((v) => v.name).join(", ") || "none";
}
