// The safetensors weights of one folder identified as one unit. Folders often hold the same
// weights twice (`model.safetensors` and `model.fp16.safetensors`): the plain variant is taken,
// so parameters are not counted twice.
import { join } from "node:path";
import type { FolderListing } from "./folder-listing.js";
import { identifySafetensors } from "./safetensors-identify.js";
import { identifySafetensorsSet } from "./safetensors-identify-set.js";
import type { Identification } from "./types.js";

const VARIANT = /\.(fp16|bf16|fp32|fp8|non_ema|ema|int8)\./i;
const PICKLE_WEIGHTS = /\.(bin|pt|pth|ckpt)$/i;

/** Identifies the folder's main safetensors weights; null when it has none. */
export async function identifyFolderWeights(listing: FolderListing): Promise<Identification | null> {
  type Unit = { name: string; run: () => Promise<Identification> };
  const units: Unit[] = [];
  for (const set of listing.shards.sets) {
    if (!set.baseName.endsWith(".safetensors")) continue;
    units.push({
      name: set.baseName,
      run: () => identifySafetensorsSet(set, set.indexFile ? listing.indexes.get(set.indexFile) : undefined),
    });
  }
  for (const path of listing.shards.standalone) {
    if (!path.endsWith(".safetensors")) continue;
    const name = path.slice(listing.dir.length + 1);
    units.push({ name, run: () => identifySafetensors(path) });
  }
  const rank = (u: Unit) => (VARIANT.test(u.name) ? 1 : 0);
  units.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  const chosen = units[0];
  if (!chosen) return null;
  const id = await chosen.run();
  if (units.length > 1) {
    id.evidence.push({
      source: "folder",
      detail: `weights read from ${chosen.name}; also present: ${units
        .slice(1, 6)
        .map((u) => u.name)
        .join(", ")}`,
      strength: "medium",
    });
  }
  return id;
}

/** Pickle weight files (pytorch_model.bin ...) in the folder, as full paths. */
export function pickleWeightFiles(listing: FolderListing): string[] {
  return listing.files.filter((f) => PICKLE_WEIGHTS.test(f)).map((f) => join(listing.dir, f));
}

/**
 * Folds what the weights say into an answer built from config files: size, precision and
 * shards come from the weights; type and names from the config unless it had none.
 */
export function mergeWeights(id: Identification, weights: Identification): void {
  id.parameterCount = weights.parameterCount;
  id.quantization = id.quantization ?? weights.quantization;
  id.shards = weights.shards;
  if (id.type === "unknown" && weights.type !== "unknown") {
    id.type = weights.type;
    id.subtype = id.subtype ?? weights.subtype;
    id.architecture = id.architecture ?? weights.architecture;
    id.baseModel = id.baseModel ?? weights.baseModel;
    id.confidence = Math.max(id.confidence, weights.confidence);
  } else if (weights.type !== "unknown" && weights.type !== id.type) {
    id.evidence.push({
      source: "folder",
      detail: `the weights look like ${weights.type} (${weights.fields.signature}); the config is kept`,
      strength: "medium",
    });
  }
  id.contextLength = id.contextLength ?? weights.contextLength;
  id.evidence.push(...weights.evidence);
  id.fields.weights = {
    signature: weights.fields.signature,
    tensorCount: weights.fields.tensorCount,
    dtypes: weights.fields.dtypes,
  };
}
