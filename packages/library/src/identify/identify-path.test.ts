import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as fx from "../test-utils/model-fixtures.js";
import { buildOnnxModel } from "../test-utils/onnx-writer.js";
import { buildStateDictPickle } from "../test-utils/pickle-writer.js";
import { countParameters, type TensorTable, writeSafetensors } from "../test-utils/safetensors-writer.js";
import { buildStoredZip } from "../test-utils/zip-writer.js";
import { IdentifyError } from "./identify-error.js";
import { identifyPath } from "./identify-path.js";
import type { Identification } from "./types.js";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "mlib-identify-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

let counter = 0;
async function folder(): Promise<string> {
  const dir = join(root, `case-${counter++}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

async function safetensorsFile(
  name: string,
  table: TensorTable,
  metadata?: Record<string, string>,
): Promise<string> {
  const path = join(await folder(), name);
  await writeSafetensors(path, table, metadata ? { metadata } : {});
  return path;
}

const llamaTables = (n: number): fx.Table[] =>
  Array.from({ length: n }, (_, k) => {
    const table: fx.Table = [...fx.LLAMA_LAYER(2 * k), ...fx.LLAMA_LAYER(2 * k + 1)];
    if (k === 0) table.unshift(["model.embed_tokens.weight", { shape: [128256, 64], dtype: "BF16" }]);
    if (k === n - 1)
      table.push(
        ["model.norm.weight", { shape: [64], dtype: "BF16" }],
        ["lm_head.weight", { shape: [128256, 64], dtype: "BF16" }],
      );
    return table;
  });

/** Writes a 5-shard llama set with its index; `present` picks which shards exist. */
async function llamaShardSet(present: number[]): Promise<{ dir: string; params: number }> {
  const dir = await folder();
  const tables = llamaTables(5);
  const weightMap: Record<string, string> = {};
  let params = 0;
  for (const [k, table] of tables.entries()) {
    const file = `model-${String(k + 1).padStart(5, "0")}-of-00005.safetensors`;
    for (const [name] of table) weightMap[name] = file;
    if (!present.includes(k + 1)) continue;
    params += countParameters(table);
    await writeSafetensors(join(dir, file), table);
  }
  await writeFile(
    join(dir, "model.safetensors.index.json"),
    JSON.stringify({ metadata: { total_size: 1 }, weight_map: weightMap }),
  );
  return { dir, params };
}

interface Case {
  name: string;
  make: () => Promise<{ path: string; params: number | null }>;
  expect: Partial<Identification>;
  extra?: (id: Identification) => void;
}

const file = (name: string, table: fx.Table, metadata?: Record<string, string>) => async () => ({
  path: await safetensorsFile(name, table, metadata),
  params: countParameters(table),
});

const cases: Case[] = [
  {
    name: "SD1.5 checkpoint",
    make: file("v1-5-pruned-emaonly.safetensors", fx.SD15_CHECKPOINT),
    expect: {
      format: "safetensors",
      type: "diffusion",
      subtype: "checkpoint",
      architecture: "sd1-unet",
      baseModel: "SD1.x",
      quantization: "F16",
    },
  },
  {
    name: "SD1.5 inpaint (9 input channels)",
    make: file("sd-v1-5-inpainting.safetensors", fx.SD15_INPAINT),
    expect: {
      type: "diffusion",
      subtype: "inpaint",
      architecture: "sd1-unet",
      baseModel: "SD1.x",
      quantization: "F16",
    },
  },
  {
    name: "SD2.x checkpoint",
    make: file("v2-1_768-ema-pruned.safetensors", fx.SD2_CHECKPOINT),
    expect: {
      type: "diffusion",
      subtype: "checkpoint",
      architecture: "sd2-unet",
      baseModel: "SD2.x",
      quantization: "F16",
    },
  },
  {
    name: "SDXL checkpoint",
    make: file("model.safetensors", fx.SDXL_CHECKPOINT),
    expect: {
      type: "diffusion",
      subtype: "checkpoint",
      architecture: "sdxl-unet",
      baseModel: "SDXL",
      quantization: "F16",
    },
  },
  {
    name: "SDXL refiner checkpoint",
    make: file("final_v2.safetensors", fx.SDXL_REFINER),
    expect: {
      type: "diffusion",
      subtype: "refiner",
      architecture: "sdxl-refiner-unet",
      baseModel: "SDXL Refiner",
      quantization: "F16",
    },
  },
  {
    name: "SDXL UNet only (ldm layout, no prefix)",
    make: file("unet.safetensors", fx.SDXL_UNET_ONLY),
    expect: {
      type: "diffusion",
      subtype: "unet",
      architecture: "sdxl-unet",
      baseModel: "SDXL",
      quantization: "F16",
    },
  },
  {
    name: "SDXL UNet in diffusers layout",
    make: file("diffusion_pytorch_model.safetensors", fx.DIFFUSERS_SDXL_UNET),
    expect: {
      type: "diffusion",
      subtype: "diffusers-unet",
      architecture: "sdxl-unet",
      baseModel: "SDXL",
      quantization: "F16",
    },
  },
  {
    name: "SD3 checkpoint",
    make: file("sd3_medium.safetensors", fx.SD3_CHECKPOINT),
    expect: {
      type: "diffusion",
      subtype: "checkpoint",
      architecture: "sd3-mmdit",
      baseModel: "SD3",
      quantization: "F16",
    },
  },
  {
    name: "FLUX.1 dev transformer in FP8",
    make: file("model.safetensors", fx.FLUX_DEV_FP8),
    expect: {
      type: "diffusion",
      subtype: "dev",
      architecture: "flux",
      baseModel: "FLUX.1",
      quantization: "FP8",
    },
  },
  {
    name: "VAE, ldm layout (base from the name only)",
    make: file("sdxl_vae.safetensors", fx.SDXL_VAE),
    expect: { type: "vae", architecture: "autoencoder-kl", baseModel: "SDXL", quantization: "F32" },
    extra: (id) =>
      expect(
        id.evidence.some(
          (e) => e.source === "name" && e.strength === "weak" && e.detail.includes("picks SDXL"),
        ),
      ).toBe(true),
  },
  {
    name: "VAE, diffusers layout, 16 channels",
    make: file("diffusion_pytorch_model.safetensors", fx.DIFFUSERS_VAE),
    expect: { type: "vae", subtype: "diffusers", baseModel: null, quantization: "F32" },
    extra: (id) => expect(id.fields.baseCandidates).toEqual(["SD3", "FLUX.1"]),
  },
  {
    name: "kohya SD1.5 LoRA",
    make: file("my_style.safetensors", fx.KOHYA_SD15_LORA, {
      ss_base_model_version: "sd_v1",
      ss_network_dim: "8",
    }),
    expect: {
      type: "lora",
      subtype: "kohya",
      architecture: "sd1-unet",
      baseModel: "SD1.x",
      quantization: "F16",
    },
  },
  {
    name: "kohya SDXL LoRA",
    make: file("xyz.safetensors", fx.KOHYA_SDXL_LORA),
    expect: {
      type: "lora",
      subtype: "kohya",
      architecture: "sdxl-unet",
      baseModel: "SDXL",
      quantization: "F16",
    },
  },
  {
    name: "PEFT LoRA of an LLM",
    make: file("adapter_model.safetensors", fx.PEFT_LLM_LORA),
    expect: { type: "lora", subtype: "peft", architecture: null, baseModel: null, quantization: "F32" },
  },
  {
    name: "FLUX LoRA in diffusers naming",
    make: file("lora.safetensors", fx.FLUX_DIFFUSERS_LORA),
    expect: {
      type: "lora",
      subtype: "diffusers",
      architecture: "flux",
      baseModel: "FLUX.1",
      quantization: "BF16",
    },
  },
  {
    name: "LyCORIS LoHa for SD1.5",
    make: file("loha.safetensors", fx.LYCORIS_LOHA_SD15),
    expect: { type: "lora", subtype: "lycoris", baseModel: "SD1.x", quantization: "F16" },
    extra: (id) => expect(id.fields.algorithm).toBe("loha"),
  },
  {
    name: "CLIP-L text encoder",
    make: file("clip_l.safetensors", fx.CLIP_L),
    expect: {
      type: "text-encoder",
      subtype: "clip-l",
      architecture: "clip-text",
      baseModel: null,
      contextLength: 77,
      quantization: "F16",
    },
  },
  {
    name: "CLIP-G text encoder",
    make: file("clip_g.safetensors", fx.CLIP_G),
    expect: {
      type: "text-encoder",
      subtype: "clip-g",
      architecture: "clip-text",
      contextLength: 77,
      quantization: "F16",
    },
  },
  {
    name: "T5-XXL encoder",
    make: file("t5xxl_fp16.safetensors", fx.T5_XXL_ENCODER),
    expect: { type: "text-encoder", subtype: "t5-xxl", architecture: "t5", quantization: "F16" },
  },
  {
    name: "ControlNet SD1.5 (ldm layout)",
    make: file("control_v11p_sd15_canny.safetensors", fx.CONTROLNET_SD15),
    expect: { type: "controlnet", architecture: "sd1-unet", baseModel: "SD1.x", quantization: "F32" },
  },
  {
    name: "ESRGAN upscaler (RRDBNet)",
    make: file("RealESRGAN_x4plus.safetensors", fx.ESRGAN_X4),
    expect: { type: "upscaler", architecture: "esrgan", quantization: "F32" },
    extra: (id) => expect(id.fields.scale).toBe(4),
  },
  {
    name: "ESRGAN upscaler (original layout)",
    make: file("4x-UltraSharp.safetensors", fx.ESRGAN_OLD),
    expect: { type: "upscaler", architecture: "esrgan", quantization: "F32" },
  },
  {
    name: "XLM-R reranker (one output)",
    make: file("model.safetensors", fx.XLMR_RERANKER),
    expect: { type: "reranker", architecture: "xlm-roberta", contextLength: 8192, quantization: "F16" },
  },
  {
    name: "Qwen2 LLM (q/k/v biases)",
    make: file("model.safetensors", [
      ["model.embed_tokens.weight", { shape: [151936, 64], dtype: "BF16" }],
      ...fx.QWEN2_LAYER(0),
    ]),
    expect: { type: "llm", architecture: "qwen2", quantization: "BF16" },
  },
  {
    name: "llama shard set with index (complete), from a middle shard",
    make: async () => {
      const { dir, params } = await llamaShardSet([1, 2, 3, 4, 5]);
      return { path: join(dir, "model-00003-of-00005.safetensors"), params };
    },
    expect: { type: "llm", architecture: "llama", quantization: "BF16", format: "safetensors" },
    extra: (id) => {
      expect(id.shards?.complete).toBe(true);
      expect(id.shards?.total).toBe(5);
      expect(id.shards?.files).toHaveLength(5);
    },
  },
  {
    name: "llama shard set with index (incomplete: 2 and 4 missing)",
    make: async () => {
      const { dir, params } = await llamaShardSet([1, 3, 5]);
      return { path: join(dir, "model-00001-of-00005.safetensors"), params };
    },
    expect: { type: "llm", architecture: "llama", quantization: "BF16" },
    extra: (id) => {
      expect(id.shards).toMatchObject({ complete: false, total: 5, missing: [2, 4] });
      expect(id.evidence.some((e) => e.detail.includes("have 3/5, missing 2 and 4"))).toBe(true);
    },
  },
  {
    name: "the index.json of a shard set stands for the set",
    make: async () => {
      const { dir, params } = await llamaShardSet([1, 2, 3, 4, 5]);
      return { path: join(dir, "model.safetensors.index.json"), params };
    },
    expect: { type: "llm", architecture: "llama" },
    extra: (id) => expect(id.shards?.complete).toBe(true),
  },
  {
    name: "BERT embedding folder (sentence-transformers)",
    make: async () => {
      const dir = await folder();
      await writeSafetensors(join(dir, "model.safetensors"), fx.BERT_EMBEDDING);
      await writeFile(
        join(dir, "config.json"),
        JSON.stringify({
          architectures: ["BertModel"],
          model_type: "bert",
          max_position_embeddings: 512,
          torch_dtype: "float32",
        }),
      );
      await writeFile(
        join(dir, "config_sentence_transformers.json"),
        JSON.stringify({ __version__: { sentence_transformers: "3.0.1" } }),
      );
      await writeFile(
        join(dir, "sentence_bert_config.json"),
        JSON.stringify({ max_seq_length: 256, do_lower_case: false }),
      );
      return { path: dir, params: countParameters(fx.BERT_EMBEDDING) };
    },
    expect: {
      format: "hf-repo",
      type: "embedding",
      architecture: "bert",
      contextLength: 256,
      quantization: "F32",
    },
  },
  {
    name: "diffusers SDXL pipeline folder",
    make: async () => {
      const dir = await folder();
      await writeFile(
        join(dir, "model_index.json"),
        JSON.stringify({
          _class_name: "StableDiffusionXLPipeline",
          _diffusers_version: "0.30.0",
          unet: ["diffusers", "UNet2DConditionModel"],
          vae: ["diffusers", "AutoencoderKL"],
          text_encoder: ["transformers", "CLIPTextModel"],
          text_encoder_2: ["transformers", "CLIPTextModelWithProjection"],
          tokenizer: ["transformers", "CLIPTokenizer"],
          scheduler: ["diffusers", "EulerDiscreteScheduler"],
        }),
      );
      const parts: Array<[string, string, fx.Table, object]> = [
        [
          "unet",
          "diffusion_pytorch_model.fp16.safetensors",
          fx.DIFFUSERS_SDXL_UNET,
          { _class_name: "UNet2DConditionModel", cross_attention_dim: 2048 },
        ],
        [
          "vae",
          "diffusion_pytorch_model.fp16.safetensors",
          fx.SDXL_VAE.map(([n, s]) => [n, { ...s, dtype: "F16" }]),
          { _class_name: "AutoencoderKL", latent_channels: 4 },
        ],
        ["text_encoder", "model.fp16.safetensors", fx.CLIP_L, { architectures: ["CLIPTextModel"] }],
        [
          "text_encoder_2",
          "model.fp16.safetensors",
          fx.CLIP_G,
          { architectures: ["CLIPTextModelWithProjection"] },
        ],
      ];
      let params = 0;
      for (const [sub, name, table, config] of parts) {
        await mkdir(join(dir, sub));
        await writeSafetensors(join(dir, sub, name), table);
        await writeFile(join(dir, sub, "config.json"), JSON.stringify(config));
        params += countParameters(table);
      }
      return { path: dir, params };
    },
    expect: {
      format: "diffusers",
      type: "diffusion",
      subtype: "pipeline",
      architecture: "sdxl-unet",
      baseModel: "SDXL",
      quantization: "F16",
    },
  },
  {
    name: ".ckpt PyTorch zip: unsafe, identified from data.pkl names without unpickling",
    make: async () => {
      const path = join(await folder(), "final_v2.ckpt");
      const names = fx.SD15_CHECKPOINT.map(([n]) => n);
      const zip = buildStoredZip(
        [
          { name: "archive/data.pkl", data: buildStateDictPickle(names) },
          { name: "archive/data/0", data: new Uint8Array(4096) },
          { name: "archive/data/1", data: new Uint8Array(2048) },
          { name: "archive/version", data: Buffer.from("3\n") },
        ],
        { zip64: true },
      );
      await writeFile(path, zip);
      return { path, params: 3072 };
    },
    expect: {
      format: "pickle",
      unsafe: "pickle",
      type: "diffusion",
      baseModel: "SD1.x",
      quantization: "F16",
    },
    extra: (id) => expect(id.confidence).toBeLessThanOrEqual(0.45),
  },
  {
    name: "ONNX embedding model",
    make: async () => {
      const path = join(await folder(), "model.onnx");
      await writeFile(
        path,
        buildOnnxModel({
          initializers: [
            { name: "onnx::MatMul_1021", dims: [384, 384], dataType: 1 },
            { name: "onnx::MatMul_1022", dims: [384, 1536], dataType: 1 },
          ],
          nodes: [{ opType: "MatMul", inputs: ["x", "onnx::MatMul_1021"], outputs: ["y"] }],
          inputs: ["input_ids", "attention_mask", "token_type_ids"],
          outputs: ["last_hidden_state"],
        }),
      );
      return { path, params: 384 * 384 + 384 * 1536 };
    },
    expect: { format: "onnx", type: "embedding", quantization: "F32" },
  },
  {
    name: "random bytes",
    make: async () => {
      const path = join(await folder(), "model.safetensors");
      await writeFile(path, Buffer.concat([Buffer.from([0x13, 0x37]), randomBytes(4094)]));
      return { path, params: null };
    },
    expect: { format: "unknown", type: "unknown", confidence: 0, parameterCount: null },
  },
];

describe("identifyPath", () => {
  it.each(cases)("$name", async (c) => {
    const { path, params } = await c.make();
    const id = await identifyPath(path);
    expect(id).toMatchObject(c.expect);
    if (params !== null) expect(id.parameterCount).toBe(params);
    if (id.type !== "unknown") expect(id.confidence).toBeGreaterThan(0);
    expect(id.evidence.length).toBeGreaterThan(0);
    c.extra?.(id);
  });

  it("records when the extension disagrees with the bytes", async () => {
    const path = await safetensorsFile("model.ckpt", fx.CLIP_L);
    const id = await identifyPath(path);
    expect(id.format).toBe("safetensors");
    expect(id.unsafe).toBeNull();
    expect(id.evidence).toContainEqual({
      source: "name",
      detail: "extension .ckpt usually means pickle, but the bytes are safetensors",
      strength: "weak",
    });
  });

  it("identifies one shard alone when asked", async () => {
    const { dir } = await llamaShardSet([1, 2, 3, 4, 5]);
    const id = await identifyPath(join(dir, "model-00002-of-00005.safetensors"), { singleFile: true });
    expect(id.shards).toBeNull();
    expect(id.parameterCount).toBe(countParameters(llamaTables(5)[1] as fx.Table));
  });

  it("reports a broken index.json as a problem of the set instead of failing", async () => {
    const { dir } = await llamaShardSet([1, 2]);
    await writeFile(join(dir, "model.safetensors.index.json"), "{ not json");
    const id = await identifyPath(join(dir, "model-00001-of-00005.safetensors"));
    expect(id).toMatchObject({ type: "llm", shards: { total: 5, complete: false, missing: [3, 4, 5] } });
  });

  it("throws NOT_FOUND naming the path", async () => {
    const path = join(root, "nope.safetensors");
    await expect(identifyPath(path)).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: `${path}: no such file or folder`,
    });
  });

  it("reports a truncated safetensors download as TRUNCATED, naming the file", async () => {
    const path = await safetensorsFile("big.safetensors", fx.CLIP_L);
    const { truncate } = await import("node:fs/promises");
    await truncate(path, 4000);
    const error = await identifyPath(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdentifyError);
    expect(error).toMatchObject({ code: "TRUNCATED" });
    expect((error as Error).message.startsWith(`${path}: safetensors:`)).toBe(true);
  });
});
