// A fake library: real small files laid out as <root>/<type>/<id>/<file>, and the MapperModel
// records the library would hand the mapper for them.
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { MapperModel, ModelType } from "../model.js";

interface Spec {
  id: string;
  name: string;
  type: ModelType;
  format: string;
  files: string[];
  subtype?: string;
  architecture?: string;
  baseModel?: string;
  quantization?: string;
  packaging?: string;
  publisher?: string;
  repo?: string;
  projector?: string;
  primary?: string;
  tags?: string[];
  parameterCount?: number;
}

const shards = (stem: string, n: number) =>
  Array.from(
    { length: n },
    (_, i) => `${stem}-${String(i + 1).padStart(5, "0")}-of-${String(n).padStart(5, "0")}.gguf`,
  );

export const FIXTURE_SPECS: Spec[] = [
  // Language models (GGUF), one split in three, two with a vision projector.
  {
    id: "llm-llama-q4",
    name: "Llama-3.2-1B-Instruct",
    type: "llm",
    format: "gguf",
    architecture: "llama",
    quantization: "Q4_K_M",
    publisher: "bartowski",
    repo: "bartowski/Llama-3.2-1B-Instruct-GGUF",
    files: ["Llama-3.2-1B-Instruct-Q4_K_M.gguf"],
    parameterCount: 1_235_814_432,
  },
  {
    id: "llm-llama-q8",
    name: "Llama-3.2-1B-Instruct",
    type: "llm",
    format: "gguf",
    architecture: "llama",
    quantization: "Q8_0",
    repo: "bartowski/Llama-3.2-1B-Instruct-GGUF",
    files: ["Llama-3.2-1B-Instruct-Q8_0.gguf"],
  },
  {
    id: "llm-qwen-shards",
    name: "Qwen2.5-7B-Instruct",
    type: "llm",
    format: "gguf",
    architecture: "qwen2",
    quantization: "Q4_K_M",
    repo: "Qwen/Qwen2.5-7B-Instruct-GGUF",
    files: shards("qwen2.5-7b-instruct-q4_k_m", 3),
  },
  {
    id: "vlm-gemma",
    name: "gemma-3-4b-it",
    type: "vlm",
    format: "gguf",
    architecture: "gemma3",
    quantization: "Q4_K_M",
    repo: "ggml-org/gemma-3-4b-it-GGUF",
    files: ["gemma-3-4b-it-Q4_K_M.gguf", "mmproj-model-f16.gguf"],
    projector: "mmproj-model-f16.gguf",
    parameterCount: 3_880_000_000,
  },
  {
    id: "vlm-qwen2vl",
    name: "Qwen2-VL-2B-Instruct",
    type: "vlm",
    format: "gguf",
    architecture: "qwen2vl",
    quantization: "Q4_K_M",
    files: ["Qwen2-VL-2B-Instruct-Q4_K_M.gguf", "mmproj-model-f16.gguf"],
  },
  {
    id: "emb-nomic",
    name: "nomic-embed-text-v1.5",
    type: "embedding",
    format: "gguf",
    architecture: "nomic-bert",
    quantization: "Q8_0",
    publisher: "nomic-ai",
    repo: "nomic-ai/nomic-embed-text-v1.5-GGUF",
    files: ["nomic-embed-text-v1.5.Q8_0.gguf"],
  },
  {
    id: "rerank-bge",
    name: "bge-reranker-v2-m3",
    type: "reranker",
    format: "gguf",
    architecture: "bert",
    quantization: "Q8_0",
    repo: "gpustack/bge-reranker-v2-m3-GGUF",
    files: ["bge-reranker-v2-m3-Q8_0.gguf"],
  },
  {
    id: "llm-phi-st",
    name: "Phi-3-mini-4k-instruct",
    type: "llm",
    format: "hf-repo",
    architecture: "phi3",
    quantization: "BF16",
    repo: "microsoft/Phi-3-mini-4k-instruct",
    files: ["config.json", "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"],
    primary: "model-00001-of-00002.safetensors",
  },
  // Image generators.
  {
    id: "sd15-ckpt",
    name: "v1-5-pruned-emaonly",
    type: "diffusion",
    format: "safetensors",
    subtype: "checkpoint",
    packaging: "checkpoint",
    architecture: "sd1-unet",
    baseModel: "SD1.x",
    files: ["v1-5-pruned-emaonly.safetensors"],
  },
  {
    id: "sdxl-ckpt",
    name: "sd_xl_base_1.0",
    type: "diffusion",
    format: "safetensors",
    subtype: "checkpoint",
    packaging: "checkpoint",
    architecture: "sdxl-unet",
    baseModel: "SDXL",
    files: ["sd_xl_base_1.0.safetensors"],
    tags: ["favorite"],
  },
  {
    id: "sdxl-refiner",
    name: "sd_xl_refiner_1.0",
    type: "diffusion",
    format: "safetensors",
    subtype: "refiner",
    packaging: "checkpoint",
    architecture: "sdxl-refiner-unet",
    baseModel: "SDXL Refiner",
    files: ["sd_xl_refiner_1.0.safetensors"],
  },
  {
    id: "flux-ckpt",
    name: "flux1-dev-fp8",
    type: "diffusion",
    format: "safetensors",
    subtype: "checkpoint",
    packaging: "checkpoint",
    architecture: "flux",
    baseModel: "FLUX.1",
    quantization: "FP8",
    files: ["flux1-dev-fp8.safetensors"],
  },
  {
    id: "flux-transformer",
    name: "flux1-schnell",
    type: "diffusion",
    format: "safetensors",
    subtype: "schnell",
    packaging: "transformer",
    architecture: "flux",
    baseModel: "FLUX.1",
    files: ["flux1-schnell.safetensors"],
  },
  {
    id: "flux-gguf",
    name: "flux1-dev-Q4_K_S",
    type: "diffusion",
    format: "gguf",
    subtype: "dev",
    architecture: "flux",
    baseModel: "FLUX.1",
    quantization: "Q4_K_S",
    files: ["flux1-dev-Q4_K_S.gguf"],
  },
  {
    id: "sd15-pickle",
    name: "dreamshaper_8",
    type: "diffusion",
    format: "pickle",
    architecture: "sd1-unet",
    baseModel: "SD1.x",
    files: ["dreamshaper_8.ckpt"],
  },
  {
    id: "sd3-transformer",
    name: "sd3.5_medium_transformer",
    type: "diffusion",
    format: "safetensors",
    subtype: "transformer",
    architecture: "sd3-mmdit",
    baseModel: "SD3.5",
    files: ["sd3.5_medium_transformer.safetensors"],
  },
  {
    id: "sd15-diffusers",
    name: "stable-diffusion-v1-5",
    type: "diffusion",
    format: "diffusers",
    architecture: "sd1-unet",
    baseModel: "SD1.x",
    files: [
      "model_index.json",
      "scheduler/scheduler_config.json",
      "text_encoder/model.safetensors",
      "unet/diffusion_pytorch_model.safetensors",
      "vae/diffusion_pytorch_model.safetensors",
    ],
    primary: "model_index.json",
  },
  // LoRAs.
  {
    id: "lora-sd15",
    name: "add_detail",
    type: "lora",
    format: "safetensors",
    subtype: "kohya",
    baseModel: "SD1.x",
    files: ["add_detail.safetensors"],
  },
  {
    id: "lora-sdxl",
    name: "sdxl_lightning_4step_lora",
    type: "lora",
    format: "safetensors",
    baseModel: "SDXL",
    files: ["sdxl_lightning_4step_lora.safetensors"],
  },
  {
    id: "lora-flux",
    name: "flux-realism-lora",
    type: "lora",
    format: "safetensors",
    baseModel: "FLUX.1",
    files: ["flux-realism-lora.safetensors"],
  },
  {
    id: "lora-lyco",
    name: "lyco_style",
    type: "lora",
    format: "safetensors",
    subtype: "lycoris",
    baseModel: "SD1.x",
    files: ["lyco_style.safetensors"],
  },
  // VAEs.
  {
    id: "vae-sd15",
    name: "vae-ft-mse-840000-ema-pruned",
    type: "vae",
    format: "safetensors",
    baseModel: "SD1.x",
    files: ["vae-ft-mse-840000-ema-pruned.safetensors"],
  },
  {
    id: "vae-sdxl",
    name: "sdxl_vae",
    type: "vae",
    format: "safetensors",
    baseModel: "SDXL",
    files: ["sdxl_vae.safetensors"],
  },
  {
    id: "vae-flux",
    name: "ae",
    type: "vae",
    format: "safetensors",
    baseModel: "FLUX.1",
    files: ["ae.safetensors"],
  },
  // Text encoders; the last two share the file name model.safetensors.
  {
    id: "te-clip-l",
    name: "clip_l",
    type: "text-encoder",
    format: "safetensors",
    subtype: "clip-l",
    files: ["clip_l.safetensors"],
  },
  {
    id: "te-t5",
    name: "t5xxl_fp16",
    type: "text-encoder",
    format: "safetensors",
    subtype: "t5-xxl",
    files: ["t5xxl_fp16.safetensors"],
  },
  {
    id: "te-t5-gguf",
    name: "t5-v1_1-xxl-encoder-Q8_0",
    type: "text-encoder",
    format: "gguf",
    architecture: "t5encoder",
    quantization: "Q8_0",
    files: ["t5-v1_1-xxl-encoder-Q8_0.gguf"],
  },
  {
    id: "te-clip-g",
    name: "CLIP-ViT-bigG-14",
    type: "text-encoder",
    format: "safetensors",
    subtype: "clip-g",
    repo: "laion/CLIP-ViT-bigG-14-laion2B-39B-b160k",
    files: ["model.safetensors"],
  },
  {
    id: "te-clip-l-hf",
    name: "clip-vit-large-patch14",
    type: "text-encoder",
    format: "safetensors",
    subtype: "clip-l",
    repo: "openai/clip-vit-large-patch14",
    files: ["model.safetensors"],
  },
  // ControlNets, upscalers, textual-inversion embeddings, a CLIP vision encoder, an unknown file.
  {
    id: "cn-sd15-canny",
    name: "control_v11p_sd15_canny",
    type: "controlnet",
    format: "safetensors",
    baseModel: "SD1.x",
    files: ["control_v11p_sd15_canny.safetensors"],
  },
  {
    id: "cn-sdxl-union",
    name: "controlnet-union-sdxl-1.0",
    type: "controlnet",
    format: "safetensors",
    baseModel: "SDXL",
    files: ["controlnet-union-sdxl-1.0.safetensors"],
  },
  {
    id: "up-ultrasharp",
    name: "4x-UltraSharp",
    type: "upscaler",
    format: "pickle",
    architecture: "esrgan",
    files: ["4x-UltraSharp.pth"],
  },
  {
    id: "up-swinir",
    name: "SwinIR_4x",
    type: "upscaler",
    format: "pickle",
    architecture: "swinir",
    files: ["SwinIR_4x.pth"],
  },
  {
    id: "ti-easynegative",
    name: "EasyNegative",
    type: "embedding",
    format: "safetensors",
    subtype: "textual-inversion",
    baseModel: "SD1.x",
    files: ["EasyNegative.safetensors"],
  },
  {
    id: "ti-negxl",
    name: "negativeXL_D",
    type: "embedding",
    format: "safetensors",
    subtype: "textual-inversion",
    baseModel: "SDXL",
    files: ["negativeXL_D.safetensors"],
  },
  {
    id: "vision-clip-h",
    name: "clip_vision_h",
    type: "vision",
    format: "safetensors",
    subtype: "clip-vision",
    files: ["clip_vision_h.safetensors"],
  },
  { id: "unknown-bin", name: "mystery", type: "unknown", format: "unknown", files: ["mystery.bin"] },
];

/** Writes every fixture model (or those in `ids`) under `root` and returns their records. */
export async function buildLibrary(root: string, ids?: string[]): Promise<MapperModel[]> {
  const models: MapperModel[] = [];
  for (const spec of FIXTURE_SPECS) {
    if (ids && !ids.includes(spec.id)) continue;
    const folder = path.join(root, spec.type, spec.id);
    const files = [];
    for (const name of spec.files) {
      const file = path.join(folder, ...name.split("/"));
      await mkdir(path.dirname(file), { recursive: true });
      const magic = name.endsWith(".gguf") ? "GGUF" : "";
      const content = Buffer.from(`${magic}${spec.id}/${name}\n`.repeat(4));
      await writeFile(file, content);
      files.push({
        name,
        path: file,
        size: content.length,
        sha256: createHash("sha256").update(content).digest("hex"),
      });
    }
    models.push({
      id: spec.id,
      name: spec.name,
      type: spec.type,
      subtype: spec.subtype ?? null,
      format: spec.format,
      architecture: spec.architecture ?? null,
      baseModel: spec.baseModel ?? null,
      quantization: spec.quantization ?? null,
      tags: spec.tags ?? [],
      packaging: spec.packaging ?? null,
      parameterCount: spec.parameterCount ?? null,
      publisher: spec.publisher ?? null,
      repo: spec.repo ?? null,
      folder,
      files,
      primaryFile: spec.primary ?? spec.files[0] ?? "",
      projector: spec.projector ?? null,
    });
  }
  return models;
}

/** The files of fixture model `id`, each under `folder` ("" for the top). */
export function filesOf(id: string, folder: string): string[] {
  const spec = FIXTURE_SPECS.find((s) => s.id === id);
  if (!spec) throw new Error(`no fixture model ${id}`);
  return spec.files.map((f) => (folder === "" ? f : `${folder}/${f}`));
}
