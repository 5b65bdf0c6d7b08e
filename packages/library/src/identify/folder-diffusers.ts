// diffusers folders: a whole pipeline (`model_index.json`) or one component (`config.json` with
// `_class_name`). The pipeline class names the base model; component configs refine it
// (cross-attention width, input channels, guidance embedding); component weights give size.
import { join } from "node:path";
import { blankIdentification } from "./blank-identification.js";
import { type FolderListing, listFolder, readJsonFile } from "./folder-listing.js";
import { identifyFolderWeights, mergeWeights } from "./folder-weights.js";
import { isJsonObject } from "./json-object.js";
import { summarizeTensors } from "./safetensors-summary.js";
import {
  COMPONENT_BASES,
  DIFFUSERS_COMPONENTS,
  DIFFUSERS_PIPELINES,
} from "./signatures/diffusers-pipelines.js";
import { UNET_CONTEXT } from "./signatures/diffusion.js";
import type { SignatureFields } from "./signatures/types.js";
import type { Identification, ShardInfo } from "./types.js";

type Json = Record<string, unknown>;
type DtypeStats = Record<string, { tensors: number; parameters: number; bytes: number }>;

export async function identifyDiffusersPipeline(
  listing: FolderListing,
  modelIndex: Json,
): Promise<Identification> {
  const id = blankIdentification("diffusers");
  id.type = "diffusion";
  const className = typeof modelIndex._class_name === "string" ? modelIndex._class_name : "(none)";
  const info = DIFFUSERS_PIPELINES[className];
  id.baseModel = info?.baseModel ?? null;
  id.architecture = info?.architecture ?? null;
  id.subtype = info?.subtype ?? null;
  id.confidence = info ? 0.9 : 0.6;
  id.evidence.push({
    source: "model_index.json",
    detail: info
      ? `diffusers pipeline ${className}`
      : `diffusers pipeline ${className}, a class not known here`,
    strength: "strong",
  });

  const components: Record<string, string> = {};
  const totals: DtypeStats = {};
  let parameters = 0;
  let anyWeights = false;
  const incomplete: ShardInfo[] = [];
  for (const [name, value] of Object.entries(modelIndex)) {
    if (name.startsWith("_") || !Array.isArray(value) || typeof value[1] !== "string") continue;
    components[name] = value[1];
    if (!listing.folders.includes(name)) {
      if (isWeighty(value[1])) {
        id.confidence = Math.min(id.confidence, 0.7);
        id.evidence.push({
          source: "model_index.json",
          detail: `component ${name} is listed but its folder is absent`,
          strength: "medium",
        });
      }
      continue;
    }
    const sub = await listFolder(join(listing.dir, name));
    const config = await readJsonFile(join(sub.dir, "config.json"));
    if (isJsonObject(config)) refineFromComponent(id, name, config);
    const weights = await identifyFolderWeights(sub);
    if (!weights) continue;
    anyWeights = true;
    parameters += weights.parameterCount ?? 0;
    for (const [dtype, s] of Object.entries((weights.fields.dtypes ?? {}) as DtypeStats)) {
      const t = totals[dtype] ?? { tensors: 0, parameters: 0, bytes: 0 };
      t.tensors += s.tensors;
      t.parameters += s.parameters;
      t.bytes += s.bytes;
      totals[dtype] = t;
    }
    if (weights.shards && !weights.shards.complete) {
      incomplete.push(weights.shards);
      id.evidence.push(...weights.evidence.filter((e) => e.source === "shards"));
    }
  }
  if (
    className === "StableDiffusionXLImg2ImgPipeline" &&
    components.text_encoder === undefined &&
    components.text_encoder_2
  ) {
    set(
      id,
      { baseModel: "SDXL Refiner", architecture: "sdxl-refiner-unet", subtype: "refiner" },
      "img2img pipeline with only the second (OpenCLIP-G) text encoder: the SDXL refiner",
    );
  }
  if (anyWeights) {
    id.parameterCount = parameters;
    const summary = summarizeTensors(
      Object.entries(totals).map(([dtype, s]) => ({
        name: dtype,
        dtype,
        elements: s.parameters,
        bytes: s.bytes,
      })),
    );
    id.quantization = summary.quantization;
    id.evidence.push(...summary.evidence);
    id.evidence.push({
      source: "folder",
      detail: `parameters summed over the components' safetensors headers`,
      strength: "strong",
    });
  }
  if (incomplete.length > 0) id.shards = incomplete[0] ?? null;
  id.subtype = id.subtype ?? "pipeline";
  id.fields.pipeline = className;
  id.fields.components = components;
  return id;
}

/** One diffusers component folder on its own: unet/, transformer/, vae/, a ControlNet ... */
export async function identifyDiffusersComponent(
  listing: FolderListing,
  config: Json,
): Promise<Identification> {
  const id = blankIdentification("diffusers");
  const className = String(config._class_name);
  id.type = DIFFUSERS_COMPONENTS.find(([pattern]) => pattern.test(className))?.[1] ?? "unknown";
  id.confidence = id.type === "unknown" ? 0.4 : 0.85;
  id.evidence.push({ source: "config.json", detail: `diffusers component ${className}`, strength: "strong" });
  refineFromComponent(id, "component", config);
  if (id.type === "diffusion" && id.subtype === null) id.subtype = "component";
  id.fields.config = config;
  const weights = await identifyFolderWeights(listing);
  if (weights) mergeWeights(id, weights);
  return id;
}

/** What a component config says about the base model and variant. */
function refineFromComponent(id: Identification, name: string, config: Json): void {
  const className = String(config._class_name);
  const base = COMPONENT_BASES[className];
  if (base && id.baseModel === null)
    set(id, { baseModel: base }, `${name}: ${className} is only used by ${base}`);
  const width = config.cross_attention_dim;
  if (typeof width === "number" && /UNet|ControlNet/.test(className)) {
    const fields = UNET_CONTEXT[String(width)];
    if (fields) {
      const { subtype, ...rest } = fields;
      set(id, id.type === "diffusion" ? fields : rest, `${name}: cross_attention_dim ${width}`);
    }
  }
  if (/UNet/.test(className) && config.in_channels === 9)
    set(id, { subtype: "inpaint" }, `${name}: 9 input channels (inpainting)`);
  if (/Flux/.test(className) && typeof config.guidance_embeds === "boolean" && id.subtype === null) {
    set(
      id,
      { subtype: config.guidance_embeds ? "dev" : "schnell" },
      `${name}: guidance_embeds ${config.guidance_embeds}`,
    );
  }
  if (/^Autoencoder/.test(className) && typeof config.latent_channels === "number") {
    id.evidence.push({
      source: `${name}/config.json`,
      detail: `${config.latent_channels}-channel latent`,
      strength: "strong",
    });
    id.fields.latentChannels = config.latent_channels;
  }
}

function set(id: Identification, fields: SignatureFields, because: string): void {
  if (fields.baseModel !== undefined) id.baseModel = fields.baseModel;
  if (fields.architecture !== undefined) id.architecture = fields.architecture;
  if (fields.subtype !== undefined) id.subtype = fields.subtype;
  id.evidence.push({ source: "config.json", detail: because, strength: "strong" });
}

/** Components that carry weights (schedulers, tokenizers and feature extractors do not). */
function isWeighty(className: string): boolean {
  return (
    /Model|Autoencoder|Transformer|UNet|ControlNet/.test(className) &&
    !/Tokenizer|Scheduler|Processor|Extractor/.test(className)
  );
}
