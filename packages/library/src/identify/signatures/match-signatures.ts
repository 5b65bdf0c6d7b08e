import type { Evidence, ModelType } from "../types.js";
import { KeyIndex, type TensorRef } from "./key-index.js";
import { KEY_SIGNATURES } from "./key-signatures.js";
import type { KeySignature, Refinement, SignatureFields } from "./types.js";

export interface SignatureMatch {
  /** The winning signature's id; null when none matched. */
  signature: string | null;
  type: ModelType;
  subtype: string | null;
  architecture: string | null;
  baseModel: string | null;
  baseCandidates: string[];
  packaging: string | null;
  contextLength: number | null;
  extra: Record<string, string | number>;
  confidence: number;
  evidence: Evidence[];
}

/**
 * Finds the best key signature for a set of tensors and applies its refinements.
 * `source` prefixes evidence sources ("safetensors" → "safetensors:keys", "safetensors:shapes").
 */
export function matchSignatures(
  tensors: readonly TensorRef[],
  source: string,
  signatures: readonly KeySignature[] = KEY_SIGNATURES,
): SignatureMatch {
  const index = new KeyIndex(tensors);
  const has = (p: string) => index.has(p);
  let best: KeySignature | null = null;
  for (const sig of signatures) {
    if (!sig.all.every(has)) continue;
    if (sig.any && !sig.any.some(has)) continue;
    if (sig.none?.some(has)) continue;
    if (
      !best ||
      sig.priority > best.priority ||
      (sig.priority === best.priority && sig.all.length > best.all.length)
    ) {
      best = sig;
    }
  }
  const result: SignatureMatch = {
    signature: null,
    type: "unknown",
    subtype: null,
    architecture: null,
    baseModel: null,
    baseCandidates: [],
    packaging: null,
    contextLength: null,
    extra: {},
    confidence: 0,
    evidence: [],
  };
  if (!best) return result;

  result.signature = best.id;
  result.confidence = best.confidence;
  apply(result, best.set);
  const examples = [...best.all, ...(best.any ?? [])]
    .map((p) => index.matches(p)[0]?.name)
    .filter((name): name is string => name !== undefined)
    .slice(0, 3);
  result.evidence.push({
    source: `${source}:keys`,
    detail: `${best.describe}: ${examples.join(", ")}`,
    strength: "strong",
  });
  for (const refinement of best.refine ?? []) refine(result, refinement, index, source);
  return result;
}

function refine(result: SignatureMatch, r: Refinement, index: KeyIndex, source: string): void {
  if (r.when && !r.when.every((p) => index.has(p))) return;
  if (r.absent?.some((p) => index.has(p))) return;
  if (r.whereShape) {
    const t = index.firstWithShape(r.whereShape.key);
    if (t?.shape?.[r.whereShape.dim] !== r.whereShape.is) return;
  }
  if ("set" in r && !("count" in r)) {
    apply(result, r.set);
    const example = r.when?.map((p) => index.matches(p)[0]?.name).find((n) => n !== undefined);
    result.evidence.push({
      source: `${source}:keys`,
      detail: example ? `${r.because} (${example})` : r.because,
      strength: "strong",
    });
    return;
  }
  if ("count" in r) {
    const n = index.matches(r.count).length;
    if (n < r.atLeast) return;
    apply(result, r.set);
    result.evidence.push({
      source: `${source}:keys`,
      detail: r.because.replace("{value}", String(n)),
      strength: "strong",
    });
    return;
  }
  const t = index.firstWithShape(r.shape);
  const value = t?.shape?.[r.dim];
  if (!t || value === undefined) return;
  const text = (template: string) =>
    template.replace("{value}", String(value)).replace("{key}", `${t.name} [${t.shape?.join(", ")}]`);
  if ("values" in r) {
    const fields = r.values[String(value)];
    if (fields) {
      apply(result, fields);
      result.evidence.push({ source: `${source}:shapes`, detail: text(r.because), strength: "strong" });
    } else if (r.otherwise) {
      result.confidence = Math.round(result.confidence * 0.8 * 100) / 100;
      result.evidence.push({ source: `${source}:shapes`, detail: text(r.otherwise), strength: "medium" });
    }
    return;
  }
  result.contextLength = value + (r.contextLengthOffset ?? 0);
  result.evidence.push({ source: `${source}:shapes`, detail: text(r.because), strength: "strong" });
}

function apply(result: SignatureMatch, fields: SignatureFields): void {
  if (fields.type !== undefined) result.type = fields.type;
  if (fields.subtype !== undefined) result.subtype = fields.subtype;
  if (fields.architecture !== undefined) result.architecture = fields.architecture;
  if (fields.baseModel !== undefined) result.baseModel = fields.baseModel;
  if (fields.baseCandidates !== undefined) result.baseCandidates = fields.baseCandidates;
  if (fields.packaging !== undefined) result.packaging = fields.packaging;
  if (fields.contextLength !== undefined) result.contextLength = fields.contextLength;
  if (fields.extra !== undefined) Object.assign(result.extra, fields.extra);
}
