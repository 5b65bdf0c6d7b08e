// A Hugging Face model folder: config.json (architectures, model_type, context length,
// quantization_config), sentence-transformers files, or a PEFT adapter_config.json; sizes and
// precision from the safetensors headers of its weights.
import { join } from "node:path";
import { blankIdentification } from "./blank-identification.js";
import { type FolderListing, readJsonFile } from "./folder-listing.js";
import { identifyFolderWeights, mergeWeights, pickleWeightFiles } from "./folder-weights.js";
import { isJsonObject } from "./json-object.js";
import {
  CONTEXT_KEYS,
  HF_ARCHITECTURE_TYPES,
  POSITION_OFFSET_2,
  TORCH_DTYPES,
} from "./signatures/hf-architectures.js";
import type { Identification } from "./types.js";

type Json = Record<string, unknown>;

export async function identifyHfRepoFolder(listing: FolderListing, config: Json): Promise<Identification> {
  const id = blankIdentification("hf-repo");
  const architectures = Array.isArray(config.architectures)
    ? config.architectures.filter((a): a is string => typeof a === "string")
    : [];
  const modelType = typeof config.model_type === "string" ? config.model_type : null;
  id.architecture = modelType;
  id.confidence = 0.9;
  id.evidence.push({
    source: "config.json",
    detail: `architectures ${architectures.join(", ") || "(none)"}, model_type ${modelType ?? "(none)"}`,
    strength: "strong",
  });

  for (const arch of architectures) {
    const hit = HF_ARCHITECTURE_TYPES.find(([pattern]) => pattern.test(arch));
    if (!hit) continue;
    id.type = hit[1];
    break;
  }
  if (id.type === "vlm" && !isJsonObject(config.vision_config)) id.type = "llm";
  if (id.type === "reranker") {
    const labels = labelCount(config);
    if (labels !== 1) {
      id.type = "unknown";
      id.subtype = "sequence-classifier";
      id.evidence.push({
        source: "config.json",
        detail: `classification head with ${labels} labels: not a reranker`,
        strength: "strong",
      });
    } else {
      id.evidence.push({
        source: "config.json",
        detail: "classification head with 1 label: a relevance scorer",
        strength: "strong",
      });
    }
  }

  const st = await readJsonFile(join(listing.dir, "config_sentence_transformers.json"));
  if (isJsonObject(st) || listing.files.includes("modules.json")) {
    const crossEncoder = isJsonObject(st) && st.model_type === "CrossEncoder";
    id.type = crossEncoder ? "reranker" : "embedding";
    id.evidence.push({
      source: "config_sentence_transformers.json",
      detail: crossEncoder ? "sentence-transformers CrossEncoder" : "sentence-transformers model",
      strength: "strong",
    });
  }
  if (id.type === "unknown" && id.subtype === null) id.confidence = 0.4;

  id.contextLength = await contextLength(listing, config, modelType);
  id.quantization = quantization(config, id);
  id.fields.config = config;

  const weights = await identifyFolderWeights(listing);
  if (weights) mergeWeights(id, weights);
  else flagPickle(id, listing);
  declaredDtype(config, id);
  return id;
}

/** A PEFT adapter folder (adapter_config.json + adapter_model.*). */
export async function identifyPeftFolder(listing: FolderListing, adapter: Json): Promise<Identification> {
  const id = blankIdentification("hf-repo");
  id.type = "lora";
  id.subtype = "peft";
  id.confidence = 0.9;
  const base = typeof adapter.base_model_name_or_path === "string" ? adapter.base_model_name_or_path : null;
  id.baseModel = base;
  id.evidence.push({
    source: "adapter_config.json",
    detail: `PEFT ${String(adapter.peft_type ?? "adapter")}${base ? ` for ${base}` : ""}`,
    strength: "strong",
  });
  id.fields.adapterConfig = adapter;
  const weights = await identifyFolderWeights(listing);
  if (weights) mergeWeights(id, weights);
  else flagPickle(id, listing);
  return id;
}

function flagPickle(id: Identification, listing: FolderListing): void {
  const pickles = pickleWeightFiles(listing);
  if (pickles.length === 0) return;
  id.unsafe = "pickle";
  id.evidence.push({
    source: "folder",
    detail: `weights only in pickle files (${pickles.length}): loading them runs code`,
    strength: "strong",
  });
}

function labelCount(config: Json): number {
  if (typeof config.num_labels === "number") return config.num_labels;
  if (isJsonObject(config.id2label)) return Object.keys(config.id2label).length;
  return 2;
}

async function contextLength(
  listing: FolderListing,
  config: Json,
  modelType: string | null,
): Promise<number | null> {
  const sbert = await readJsonFile(join(listing.dir, "sentence_bert_config.json"));
  if (isJsonObject(sbert) && typeof sbert.max_seq_length === "number") return sbert.max_seq_length;
  for (const source of [config, config.text_config]) {
    if (!isJsonObject(source)) continue;
    for (const key of CONTEXT_KEYS) {
      const value = source[key];
      if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) {
        return modelType && POSITION_OFFSET_2.has(modelType) ? value - 2 : value;
      }
    }
  }
  return null;
}

function quantization(config: Json, id: Identification): string | null {
  const q = config.quantization_config;
  if (isJsonObject(q) && typeof q.quant_method === "string") {
    const method = q.quant_method.toLowerCase();
    let label = method.toUpperCase();
    if (method === "bitsandbytes") {
      label =
        q.load_in_4bit === true ? `BNB-${String(q.bnb_4bit_quant_type ?? "nf4").toUpperCase()}` : "BNB-INT8";
    }
    if (typeof q.bits === "number") id.fields.quantBits = q.bits;
    id.evidence.push({
      source: "config.json",
      detail: `quantization_config.quant_method = ${q.quant_method}`,
      strength: "strong",
    });
    return label;
  }
  return null;
}

/** The precision config.json declares, used only when no weights were read. */
function declaredDtype(config: Json, id: Identification): void {
  const dtype = config.torch_dtype ?? config.dtype;
  const label = typeof dtype === "string" ? TORCH_DTYPES[dtype] : undefined;
  if (id.quantization !== null || !label) return;
  id.quantization = label;
  id.evidence.push({
    source: "config.json",
    detail: `torch_dtype = ${String(dtype)} (no weights read)`,
    strength: "medium",
  });
}
