// Model files and libraries for the store/import/maintenance tests: real GGUF and safetensors
// files (unique content, so each is a different model), shard sets and model folders.
import { randomFillSync } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { GGMLQuantizationType as T } from "@huggingface/gguf";
import type { ModelLibrary } from "../store/model-library.js";
import { buildGguf, kv } from "./gguf-writer.js";
import { DIFFUSERS_SDXL_UNET, DIFFUSERS_VAE, ESRGAN_OLD, LLAMA_LAYER, type Table } from "./model-fixtures.js";
import { buildStateDictPickle, LEGACY_TORCH_PREFIX } from "./pickle-writer.js";
import { writeSafetensors } from "./safetensors-writer.js";

/** A fresh temp folder; `cleanup` removes it. */
export async function tempDir(prefix = "mlib-lib-"): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface LlmGgufOptions {
  arch?: string;
  name?: string;
  /** general.file_type; default 15 (Q4_K_M). */
  fileType?: number;
  /** Bytes of (random) tensor data, rounded to 1 KiB; default 64 KiB. */
  dataBytes?: number;
  /** Extra metadata, e.g. split keys. */
  extra?: Record<string, ReturnType<typeof kv.str>>;
}

/** A valid llama-style GGUF whose tensor data is random, so every call makes a different model. */
export function llmGguf(options: LlmGgufOptions = {}): Uint8Array {
  const { arch = "llama", name = "Test Model", fileType = 15, dataBytes = 64 * 1024 } = options;
  const rows = Math.max(1, Math.round(dataBytes / 1024));
  const built = buildGguf({
    metadata: {
      "general.architecture": kv.str(arch),
      "general.name": kv.str(name),
      "general.file_type": kv.u32(fileType),
      [`${arch}.context_length`]: kv.u32(4096),
      [`${arch}.embedding_length`]: kv.u32(256),
      [`${arch}.block_count`]: kv.u32(1),
      "tokenizer.ggml.model": kv.str("gpt2"),
      ...options.extra,
    },
    tensors: [
      { name: "token_embd.weight", shape: [256, rows], type: T.F32 },
      { name: "blk.0.attn_q.weight", shape: [256, 4], type: T.Q4_K },
      { name: "output.weight", shape: [256, 4], type: T.Q6_K },
    ],
  });
  randomFillSync(built.bytes, built.dataOffset);
  return built.bytes;
}

export async function writeLlmGguf(path: string, options: LlmGgufOptions = {}): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, llmGguf(options));
  return path;
}

/**
 * A Llama safetensors shard set `model-0000k-of-0000n.safetensors` with its index.json in `dir`;
 * only the shards in `present` (1-based; default all) are written.
 */
export async function writeSafetensorsShards(dir: string, total = 3, present?: number[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const weightMap: Record<string, string> = {};
  const files: string[] = [];
  for (let k = 1; k <= total; k++) {
    const file = `model-${String(k).padStart(5, "0")}-of-${String(total).padStart(5, "0")}.safetensors`;
    const table: Table = [...LLAMA_LAYER(2 * k), ...LLAMA_LAYER(2 * k + 1)];
    if (k === 1) table.unshift(["model.embed_tokens.weight", { shape: [128256, 64], dtype: "BF16" }]);
    for (const [name] of table) weightMap[name] = file;
    if (present && !present.includes(k)) continue;
    const path = join(dir, file);
    // Metadata makes each set's bytes its own.
    await writeSafetensors(path, table, { metadata: { format: "pt", nonce: String(Math.random()) } });
    files.push(path);
  }
  await writeFile(
    join(dir, "model.safetensors.index.json"),
    JSON.stringify({ metadata: { total_size: 1 }, weight_map: weightMap }),
  );
  return files;
}

/** A small SDXL diffusers pipeline folder (model_index.json, unet and vae with configs and weights). */
export async function writeDiffusersFolder(dir: string): Promise<string> {
  const json = async (name: string, value: unknown) => {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), JSON.stringify(value));
  };
  await json("model_index.json", {
    _class_name: "StableDiffusionXLPipeline",
    unet: ["diffusers", "UNet2DConditionModel"],
    vae: ["diffusers", "AutoencoderKL"],
  });
  await json("unet/config.json", { _class_name: "UNet2DConditionModel", cross_attention_dim: 2048 });
  await json("vae/config.json", { _class_name: "AutoencoderKL", latent_channels: 4 });
  const nonce = { nonce: String(Math.random()) };
  await writeSafetensors(join(dir, "unet/diffusion_pytorch_model.safetensors"), DIFFUSERS_SDXL_UNET, {
    metadata: nonce,
  });
  await writeSafetensors(join(dir, "vae/diffusion_pytorch_model.safetensors"), DIFFUSERS_VAE, {
    metadata: nonce,
  });
  return dir;
}

/** A legacy torch.save ESRGAN (.pth): identified as pickle, unsafe to load. */
export async function writeLegacyPickle(path: string): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  const names = ESRGAN_OLD.map(([name]) => name);
  const tail = randomFillSync(Buffer.alloc(4096));
  await writeFile(
    path,
    Buffer.concat([LEGACY_TORCH_PREFIX, buildStateDictPickle(names, "FloatStorage"), tail]),
  );
  return path;
}

/** Every index document, by id: compare it with the same after `reindex()`. */
export function indexSnapshot(library: ModelLibrary): unknown[] {
  const items = library.list({ limit: 1000 }).items;
  return [...items].sort((a, b) => (a.id < b.id ? -1 : 1));
}
