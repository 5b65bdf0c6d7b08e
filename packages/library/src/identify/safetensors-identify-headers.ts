// Turns parsed safetensors headers (one file or every present file of a shard set) into an
// Identification: key signatures for what it is, dtypes for precision and size, trainer
// metadata to fill gaps, and the file name only to break ties.
import { blankIdentification } from "./blank-identification.js";
import type { SafetensorsHeader } from "./safetensors-header.js";
import { summarizeTensors } from "./safetensors-summary.js";
import type { TensorRef } from "./signatures/key-index.js";
import { matchSignatures } from "./signatures/match-signatures.js";
import { readMetadataHints } from "./signatures/metadata-hints.js";
import { readNameHints } from "./signatures/name-hints.js";
import type { Identification } from "./types.js";

/** Longest metadata value kept in `fields` (kohya tag frequencies run to megabytes). */
const MAX_FIELD_VALUE = 2048;

export interface IdentifyHeadersOptions {
  /** File name used to break ties and recorded as weak evidence. */
  name: string;
  /** Tensor names known to exist in files that are absent (from an index weight map). */
  absentTensorNames?: readonly string[];
}

export function identifySafetensorsHeaders(
  headers: readonly SafetensorsHeader[],
  options: IdentifyHeadersOptions,
): Identification {
  const id = blankIdentification("safetensors");
  const tensors = headers.flatMap((h) => h.tensors);
  const summary = summarizeTensors(
    tensors.map((t) => ({ name: t.name, dtype: t.dtype, elements: t.elements, bytes: t.end - t.begin })),
  );
  const refs: TensorRef[] = tensors.map((t) => ({ name: t.name, shape: t.shape }));
  for (const name of options.absentTensorNames ?? []) refs.push({ name, shape: null });
  const match = matchSignatures(refs, "safetensors");

  id.evidence.push({
    source: "safetensors:header",
    detail:
      headers.length === 1
        ? `valid safetensors header: ${tensors.length} tensors`
        : `valid safetensors headers in ${headers.length} files: ${tensors.length} tensors`,
    strength: "strong",
  });
  id.type = match.type;
  id.subtype = match.subtype;
  id.architecture = match.architecture;
  id.baseModel = match.baseModel;
  id.contextLength = match.contextLength;
  id.confidence = match.signature ? match.confidence : 0.1;
  id.evidence.push(...match.evidence);
  if (!match.signature) {
    id.evidence.push({
      source: "safetensors:keys",
      detail: "no known key signature matches these tensor names",
      strength: "medium",
    });
  }

  const metadata = headers[0]?.metadata ?? null;
  for (const hint of readMetadataHints(metadata)) {
    if (hint.type && id.type === "unknown") {
      id.type = hint.type;
      id.subtype = hint.subtype ?? id.subtype;
      id.confidence = 0.5;
      id.evidence.push({
        source: "safetensors:metadata",
        detail: `type from ${hint.detail}`,
        strength: "medium",
      });
    }
    if (hint.baseModel && id.type === (hint.type ?? id.type)) {
      if (id.baseModel === null) {
        id.baseModel = hint.baseModel;
        id.evidence.push({
          source: "safetensors:metadata",
          detail: `base model from ${hint.detail}`,
          strength: "medium",
        });
      } else if (id.baseModel !== hint.baseModel) {
        id.evidence.push({
          source: "safetensors:metadata",
          detail: `${hint.detail} disagrees with the tensors (${id.baseModel}); the tensors are kept`,
          strength: "medium",
        });
      }
    }
  }

  if (id.baseModel === null && match.baseCandidates.length > 0) {
    const named = readNameHints(options.name).baseModels.filter((b) => match.baseCandidates.includes(b));
    if (named.length === 1 && named[0]) {
      id.baseModel = named[0];
      id.evidence.push({
        source: "name",
        detail: `file name ${JSON.stringify(options.name)} picks ${named[0]} among ${match.baseCandidates.join(", ")}`,
        strength: "weak",
      });
    }
  }

  id.quantization = summary.quantization;
  id.parameterCount = tensors.length > 0 ? summary.parameterCount : null;
  id.evidence.push(...summary.evidence);
  id.fields = {
    signature: match.signature,
    tensorCount: tensors.length,
    tensorBytes: summary.bytes,
    dtypes: summary.dtypes,
    ...(match.packaging ? { packaging: match.packaging } : {}),
    ...(match.baseCandidates.length > 0 && id.baseModel === null
      ? { baseCandidates: match.baseCandidates }
      : {}),
    ...match.extra,
    ...(metadata ? { metadata: clip(metadata) } : {}),
  };
  return id;
}

function clip(metadata: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata)) {
    const kept =
      value.length > MAX_FIELD_VALUE
        ? `${value.slice(0, MAX_FIELD_VALUE)}… (${value.length} characters)`
        : value;
    Object.defineProperty(out, key, { value: kept, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
