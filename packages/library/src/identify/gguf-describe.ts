// Turns checked GGUF headers into an Identification. Pure: no I/O, so every rule is testable
// from headers alone. Bytes decide; the file name only adds weak evidence (and breaks the one tie
// bytes cannot: a reranker converted without its ranking head).

import { parseQuantization } from "@ml/naming";
import { ggmlTypeTraits } from "./ggml-type-traits.js";
import { ggufFileTypeToQuant } from "./gguf-file-type-to-quant.js";
import type { GgufHeader, GgufValue } from "./gguf-header.js";
import type { Evidence, Identification, ModelType, ShardInfo } from "./types.js";

export interface GgufDescribeInput {
  /** The header that carries the model's metadata: the file's own, or shard 1 of its set. */
  primary: GgufHeader;
  /** Every header read (the primary included): one per shard present. */
  parts: GgufHeader[];
  fileName: string;
  shards: ShardInfo | null;
  /** What finding the shards found out. */
  evidence: Evidence[];
}

// ComfyUI-GGUF's image model architectures (city96 loader.py IMG_ARCH_LIST).
const DIFFUSION_BASE: Readonly<Record<string, string | null>> = {
  flux: "FLUX.1",
  sd1: "SD1.x",
  sdxl: "SDXL",
  sd3: "SD3",
  aura: null,
  hidream: null,
  cosmos: null,
  ltxv: null,
  hyvid: null,
  wan: null,
  lumina2: null,
  qwen_image: null,
};
const TEXT_ENCODER_ARCHS = new Set(["t5encoder"]);
const EMBEDDING_ARCHS = new Set([
  "bert",
  "nomic-bert",
  "nomic-bert-moe",
  "jina-bert-v2",
  "jina-bert-v3",
  "neo-bert",
  "modern-bert",
]);
const AUDIO_ARCHS = new Set(["wavtokenizer-dec"]);
// llama.cpp's llama_pooling_type: NONE, MEAN, CLS, LAST, RANK.
const POOLING_NAMES = ["none", "mean", "cls", "last", "rank"];
const POOLING_RANK = 4;
// Classifier heads llama.cpp names LLM_TENSOR_CLS and LLM_TENSOR_CLS_OUT.
const CLASSIFIER_TENSORS = new Set(["cls.weight", "cls.output.weight"]);
const RERANK_NAME = /rerank/i;

function text(meta: Map<string, GgufValue>, key: string): string | null {
  const v = meta.get(key);
  return typeof v === "string" ? v : null;
}

function integer(meta: Map<string, GgufValue>, key: string): number | null {
  const v = meta.get(key);
  const n = typeof v === "number" || typeof v === "bigint" ? Number(v) : Number.NaN;
  return Number.isSafeInteger(n) ? n : null;
}

function arrayLength(v: GgufValue | undefined): number | null {
  if (Array.isArray(v)) return v.length;
  return typeof v === "object" && v !== null && "omitted" in v && v.omitted === "array" ? v.length : null;
}

/** A metadata value as JSON can carry it: 64-bit integers become numbers when exact, else strings. */
function jsonValue(v: GgufValue): unknown {
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  return Array.isArray(v) ? v.map(jsonValue) : v;
}

interface Classification {
  type: ModelType;
  subtype: string | null;
  baseModel: string | null;
  confidence: number;
  evidence: Evidence[];
}

function classify(primary: GgufHeader, tensorNames: Set<string>, fileName: string): Classification {
  const meta = primary.metadata;
  const arch = text(meta, "general.architecture");
  const generalType = text(meta, "general.type");
  const strong = (source: string, detail: string): Evidence => ({ source, detail, strength: "strong" });

  const clipKeys = [...meta.keys()].some((k) => k.startsWith("clip."));
  if (generalType === "mmproj" || arch === "clip" || clipKeys) {
    const audioOnly =
      meta.get("clip.has_audio_encoder") === true && meta.get("clip.has_vision_encoder") !== true;
    const source =
      generalType === "mmproj"
        ? "gguf:general.type"
        : arch === "clip"
          ? "gguf:general.architecture"
          : "gguf:clip.*";
    return {
      type: audioOnly ? "audio" : "vision",
      subtype: "mmproj",
      baseModel: null,
      confidence: 0.95,
      evidence: [
        strong(source, `multimodal projector (mmproj) for a ${audioOnly ? "audio" : "vision"} model`),
      ],
    };
  }
  if (generalType === "adapter") {
    const kind = text(meta, "adapter.type") ?? "lora";
    return {
      type: "lora",
      subtype: kind,
      baseModel: null,
      confidence: 0.95,
      evidence: [strong("gguf:general.type", `${kind} adapter for ${arch ?? "an unnamed architecture"}`)],
    };
  }
  if (arch === null) {
    return {
      type: "unknown",
      subtype: null,
      baseModel: null,
      confidence: 0.3,
      evidence: [
        { source: "gguf:general.architecture", detail: "no architecture in the header", strength: "medium" },
      ],
    };
  }
  const archEvidence = strong("gguf:general.architecture", `architecture ${arch}`);
  if (arch in DIFFUSION_BASE) {
    return {
      type: "diffusion",
      subtype: "unet",
      baseModel: DIFFUSION_BASE[arch] ?? null,
      confidence: 0.95,
      evidence: [strong("gguf:general.architecture", `${arch} diffusion model (ComfyUI-GGUF)`)],
    };
  }
  if (TEXT_ENCODER_ARCHS.has(arch)) {
    return {
      type: "text-encoder",
      subtype: null,
      baseModel: null,
      confidence: 0.95,
      evidence: [archEvidence],
    };
  }
  if (AUDIO_ARCHS.has(arch)) {
    return { type: "audio", subtype: null, baseModel: null, confidence: 0.9, evidence: [archEvidence] };
  }

  const baseModel = text(meta, "general.base_model.0.name");
  const pooling = integer(meta, `${arch}.pooling_type`);
  const poolingName = pooling === null ? null : (POOLING_NAMES[pooling] ?? String(pooling));
  if (pooling === POOLING_RANK) {
    return {
      type: "reranker",
      subtype: null,
      baseModel,
      confidence: 0.95,
      evidence: [
        archEvidence,
        strong(`gguf:${arch}.pooling_type`, "rank pooling: scores query/document pairs"),
      ],
    };
  }
  const head = [...CLASSIFIER_TENSORS].find((n) => tensorNames.has(n));
  if (head !== undefined || meta.has(`${arch}.classifier.output_labels`)) {
    const detail = head ? `classifier head tensor ${head}` : "classifier output labels";
    return {
      type: "reranker",
      subtype: null,
      baseModel,
      confidence: 0.85,
      evidence: [archEvidence, { source: "gguf:tensors", detail, strength: "medium" }],
    };
  }
  if (EMBEDDING_ARCHS.has(arch) || (pooling !== null && pooling > 0)) {
    const evidence: Evidence[] = [archEvidence];
    if (poolingName !== null) {
      evidence.push(
        strong(`gguf:${arch}.pooling_type`, `${poolingName} pooling: outputs one vector per input`),
      );
    }
    const name = text(meta, "general.name") ?? "";
    if (RERANK_NAME.test(name) || RERANK_NAME.test(fileName)) {
      evidence.push({
        source: "name",
        detail: "the name says reranker; the header has no ranking head, so this rests on the name",
        strength: "weak",
      });
      return { type: "reranker", subtype: null, baseModel, confidence: 0.6, evidence };
    }
    return { type: "embedding", subtype: null, baseModel, confidence: 0.95, evidence };
  }

  // New architectures land in llama.cpp every month: a GGUF with layers and a context or a
  // vocabulary is a language model even when its architecture name is new to us.
  const hallmarks = ["context_length", "block_count"].filter((k) => meta.has(`${arch}.${k}`));
  if (hallmarks.length > 0 || meta.has("tokenizer.ggml.model")) {
    return {
      type: "llm",
      subtype: null,
      baseModel,
      confidence: hallmarks.length === 2 ? 0.95 : 0.8,
      evidence: [archEvidence],
    };
  }
  return {
    type: "unknown",
    subtype: null,
    baseModel,
    confidence: 0.5,
    evidence: [
      archEvidence,
      {
        source: "gguf:metadata",
        detail: `no layers, context or vocabulary keys for ${arch}`,
        strength: "medium",
      },
    ],
  };
}

/** The quantization from `general.file_type`, else from the tensor type holding most weights. */
function quantize(input: GgufDescribeInput): { label: string | null; evidence: Evidence[] } {
  const evidence: Evidence[] = [];
  const fileType = integer(input.primary.metadata, "general.file_type");
  let label = fileType === null ? null : ggufFileTypeToQuant(fileType);
  if (label !== null) {
    evidence.push({
      source: "gguf:general.file_type",
      detail: `file type ${fileType} = ${label}`,
      strength: "strong",
    });
  } else {
    const byType = new Map<number, number>();
    for (const t of input.parts.flatMap((p) => p.tensors)) {
      // 1-D tensors (norms, biases) stay in F32 whatever the quantization.
      if (t.shape.length >= 2) byType.set(t.type, (byType.get(t.type) ?? 0) + t.elements);
    }
    const total = [...byType.values()].reduce((a, b) => a + b, 0);
    const [type, elements] = [...byType].sort((a, b) => b[1] - a[1])[0] ?? [null, 0];
    const name = type === null ? null : (ggmlTypeTraits(type)?.name ?? null);
    label = name === null ? null : parseQuantization(name);
    if (label !== null) {
      const share = Math.round((elements / total) * 100);
      evidence.push({
        source: "gguf:tensor types",
        detail: `no file type in the header; ${share}% of weights are ${name}`,
        strength: "medium",
      });
    }
  }
  const named = parseQuantization(input.fileName);
  if (named !== null && label === null) {
    evidence.push({
      source: "name",
      detail: `file name says ${named}; the header does not say`,
      strength: "weak",
    });
  } else if (named !== null && named !== label) {
    evidence.push({
      source: "name",
      detail: `file name says ${named} but the header says ${label}; the header wins`,
      strength: "weak",
    });
  } else if (named !== null) {
    evidence.push({ source: "name", detail: `file name agrees: ${named}`, strength: "weak" });
  }
  return { label: label ?? named, evidence };
}

/** The Identification of a GGUF file (or split set) from its checked headers. */
export function describeGguf(input: GgufDescribeInput): Identification {
  const { primary, parts, shards } = input;
  const meta = primary.metadata;
  const arch = text(meta, "general.architecture");
  const tensorNames = new Set(parts.flatMap((p) => p.tensors.map((t) => t.name)));
  const kind = classify(primary, tensorNames, input.fileName);
  const quant = quantize(input);
  const whole = shards === null || shards.complete;
  const evidence: Evidence[] = [
    {
      source: "gguf:header",
      detail: `GGUF v${primary.version}${primary.littleEndian ? "" : " big-endian"}, ${primary.tensors.length} tensors, ${meta.size} keys`,
      strength: "strong",
    },
    ...kind.evidence,
    ...quant.evidence,
    ...input.evidence,
  ];
  const contextLength =
    arch === null || kind.type === "vision" ? null : integer(meta, `${arch}.context_length`);
  const at = (key: string) => (arch === null ? null : integer(meta, `${arch}.${key}`));

  // Chat templates are code-sized and user-irrelevant in a listing: keep that one exists.
  const templateKeys = [...meta.keys()].filter((k) => k.startsWith("tokenizer.chat_template"));
  const raw = [...meta].map(([k, v]): [string, unknown] =>
    templateKeys.includes(k) && typeof v === "string"
      ? [k, { omitted: "string", length: Buffer.byteLength(v) }]
      : [k, jsonValue(v)],
  );
  const splitCount = integer(meta, "split.count");
  const derived: Record<string, unknown> = {
    ggufVersion: primary.version,
    tensorCount: parts.reduce((n, p) => n + p.tensors.length, 0),
    name: text(meta, "general.name"),
    basename: text(meta, "general.basename"),
    sizeLabel: text(meta, "general.size_label"),
    fileType: integer(meta, "general.file_type"),
    embeddingLength: at("embedding_length"),
    blockCount: at("block_count"),
    expertCount: at("expert_count"),
    expertUsedCount: at("expert_used_count"),
    tokenizerModel: text(meta, "tokenizer.ggml.model"),
    vocabularySize: arrayLength(meta.get("tokenizer.ggml.tokens")),
    hasChatTemplate: templateKeys.length > 0,
    split:
      splitCount === null
        ? null
        : {
            no: integer(meta, "split.no"),
            count: splitCount,
            tensorsCount: integer(meta, "split.tensors.count"),
          },
  };
  return {
    format: "gguf",
    type: kind.type,
    subtype: kind.subtype,
    architecture: arch,
    baseModel: kind.baseModel,
    quantization: quant.label,
    parameterCount: whole ? parts.reduce((n, p) => n + p.parameterCount, 0) : null,
    contextLength,
    shards,
    unsafe: null,
    confidence: kind.confidence,
    evidence,
    fields: Object.fromEntries([...raw, ...Object.entries(derived)]),
  };
}
