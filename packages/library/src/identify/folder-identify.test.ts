import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as fx from "../test-utils/model-fixtures.js";
import { countParameters, writeSafetensors } from "../test-utils/safetensors-writer.js";
import { identifyFolder } from "./folder-identify.js";

let root: string;
let n = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "mlib-folder-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function folder(files: Record<string, unknown> = {}): Promise<string> {
  const dir = join(root, `f${n++}`);
  await mkdir(dir, { recursive: true });
  for (const [name, json] of Object.entries(files)) {
    await mkdir(join(dir, name, ".."), { recursive: true });
    await writeFile(join(dir, name), JSON.stringify(json));
  }
  return dir;
}

/** Writes `tables` as an index-mapped shard set; `present` chooses which shards exist. */
async function shards(
  dir: string,
  tables: fx.Table[],
  present = tables.map((_, i) => i + 1),
): Promise<number> {
  const total = tables.length;
  const weightMap: Record<string, string> = {};
  let params = 0;
  for (const [i, table] of tables.entries()) {
    const name = `model-${String(i + 1).padStart(5, "0")}-of-${String(total).padStart(5, "0")}.safetensors`;
    for (const [tensor] of table) weightMap[tensor] = name;
    if (!present.includes(i + 1)) continue;
    await writeSafetensors(join(dir, name), table);
    params += countParameters(table);
  }
  await writeFile(
    join(dir, "model.safetensors.index.json"),
    JSON.stringify({ metadata: {}, weight_map: weightMap }),
  );
  return params;
}

describe("identifyFolder", () => {
  it("reads a transformers LLM repo: config for type and context, shard headers for size and precision", async () => {
    const dir = await folder({
      "config.json": {
        architectures: ["Qwen2ForCausalLM"],
        model_type: "qwen2",
        max_position_embeddings: 32768,
        torch_dtype: "bfloat16",
      },
    });
    const params = await shards(dir, [fx.QWEN2_LAYER(0), fx.QWEN2_LAYER(1)]);
    const id = await identifyFolder(dir);
    expect(id).toMatchObject({
      format: "hf-repo",
      type: "llm",
      architecture: "qwen2",
      contextLength: 32768,
      quantization: "BF16",
      parameterCount: params,
      shards: { total: 2, complete: true, missing: [] },
    });
    expect(id.confidence).toBeGreaterThanOrEqual(0.9);
    expect(id.fields.weights).toMatchObject({ signature: "llm-llama" });
  });

  it("reports an incomplete shard set and counts the present shards only", async () => {
    const dir = await folder({ "config.json": { architectures: ["LlamaForCausalLM"], model_type: "llama" } });
    const tables = [0, 1, 2, 3, 4].map((i) => fx.LLAMA_LAYER(i));
    const params = await shards(dir, tables, [1, 3, 5]);
    const id = await identifyFolder(dir);
    expect(id).toMatchObject({
      type: "llm",
      parameterCount: params,
      shards: { total: 5, complete: false, missing: [2, 4] },
    });
    expect(id.evidence.map((e) => e.detail)).toContainEqual(
      expect.stringContaining("have 3/5, missing 2 and 4"),
    );
  });

  it("takes the quantization from quantization_config", async () => {
    const dir = await folder({
      "config.json": {
        architectures: ["LlamaForCausalLM"],
        model_type: "llama",
        quantization_config: { quant_method: "gptq", bits: 4, group_size: 128 },
      },
    });
    const id = await identifyFolder(dir);
    expect(id).toMatchObject({ quantization: "GPTQ", fields: { quantBits: 4 }, parameterCount: null });
  });

  it("reads a reranker repo (XLM-R, one label) with the RoBERTa position offset", async () => {
    const dir = await folder({
      "config.json": {
        architectures: ["XLMRobertaForSequenceClassification"],
        model_type: "xlm-roberta",
        max_position_embeddings: 8194,
        id2label: { 0: "LABEL_0" },
      },
    });
    await writeSafetensors(join(dir, "model.safetensors"), fx.XLMR_RERANKER);
    expect(await identifyFolder(dir)).toMatchObject({
      type: "reranker",
      architecture: "xlm-roberta",
      contextLength: 8192,
      quantization: "F16",
    });
  });

  it("reads a PEFT adapter folder, naming the base model", async () => {
    const dir = await folder({
      "adapter_config.json": {
        peft_type: "LORA",
        base_model_name_or_path: "meta-llama/Llama-3.1-8B",
        r: 16,
        target_modules: ["q_proj", "v_proj"],
      },
    });
    await writeSafetensors(join(dir, "adapter_model.safetensors"), fx.PEFT_LLM_LORA);
    expect(await identifyFolder(dir)).toMatchObject({
      format: "hf-repo",
      type: "lora",
      subtype: "peft",
      baseModel: "meta-llama/Llama-3.1-8B",
      parameterCount: countParameters(fx.PEFT_LLM_LORA),
      quantization: "F32",
    });
  });

  it("reads a diffusers FLUX transformer component folder", async () => {
    const dir = await folder({
      "config.json": { _class_name: "FluxTransformer2DModel", guidance_embeds: false, in_channels: 64 },
    });
    await writeSafetensors(join(dir, "diffusion_pytorch_model.safetensors"), [
      ["x_embedder.weight", { shape: [3072, 64], dtype: "BF16" }],
      ["context_embedder.weight", { shape: [3072, 4096], dtype: "BF16" }],
      ["transformer_blocks.0.attn.add_k_proj.weight", { shape: [8, 3072], dtype: "BF16" }],
      ["single_transformer_blocks.0.attn.to_k.weight", { shape: [8, 3072], dtype: "BF16" }],
    ]);
    expect(await identifyFolder(dir)).toMatchObject({
      format: "diffusers",
      type: "diffusion",
      baseModel: "FLUX.1",
      subtype: "schnell",
      quantization: "BF16",
    });
  });

  it("lowers confidence when a diffusers pipeline lacks a weight component", async () => {
    const dir = await folder({
      "model_index.json": {
        _class_name: "FluxPipeline",
        transformer: ["diffusers", "FluxTransformer2DModel"],
        scheduler: ["diffusers", "FlowMatchEulerDiscreteScheduler"],
      },
    });
    const id = await identifyFolder(dir);
    expect(id).toMatchObject({
      format: "diffusers",
      type: "diffusion",
      baseModel: "FLUX.1",
      parameterCount: null,
    });
    expect(id.confidence).toBeLessThanOrEqual(0.7);
    expect(id.evidence.map((e) => e.detail)).toContain(
      "component transformer is listed but its folder is absent",
    );
  });

  it("tells the SDXL refiner pipeline by its single text encoder", async () => {
    const dir = await folder({
      "model_index.json": {
        _class_name: "StableDiffusionXLImg2ImgPipeline",
        text_encoder: [null, null],
        text_encoder_2: ["transformers", "CLIPTextModelWithProjection"],
        unet: ["diffusers", "UNet2DConditionModel"],
      },
      "unet/config.json": { _class_name: "UNet2DConditionModel", cross_attention_dim: 1280 },
    });
    expect(await identifyFolder(dir)).toMatchObject({
      baseModel: "SDXL Refiner",
      subtype: "refiner",
      architecture: "sdxl-refiner-unet",
    });
  });

  it("counts one variant when a folder holds the same weights twice", async () => {
    const dir = await folder({
      "config.json": {
        architectures: ["CLIPTextModel"],
        model_type: "clip_text_model",
        max_position_embeddings: 77,
      },
    });
    await writeSafetensors(
      join(dir, "model.safetensors"),
      fx.CLIP_L.map(([k, s]): [string, typeof s] => [k, { ...s, dtype: "F32" }]),
    );
    await writeSafetensors(join(dir, "model.fp16.safetensors"), fx.CLIP_L);
    const id = await identifyFolder(dir);
    expect(id).toMatchObject({
      type: "text-encoder",
      contextLength: 77,
      quantization: "F32",
      parameterCount: countParameters(fx.CLIP_L),
    });
    expect(id.evidence.map((e) => e.detail)).toContain(
      "weights read from model.safetensors; also present: model.fp16.safetensors",
    );
  });

  it("flags a repo whose weights are only pickles", async () => {
    const dir = await folder({
      "config.json": { architectures: ["GPT2LMHeadModel"], model_type: "gpt2", n_positions: 1024 },
    });
    await writeFile(join(dir, "pytorch_model.bin"), Buffer.from([0x80, 0x02]));
    expect(await identifyFolder(dir)).toMatchObject({
      type: "llm",
      architecture: "gpt2",
      contextLength: 1024,
      unsafe: "pickle",
    });
  });

  it("identifies a folder of bare safetensors weights, and says unknown for an empty one", async () => {
    const dir = await folder();
    await writeSafetensors(join(dir, "style.safetensors"), fx.KOHYA_SD15_LORA);
    expect(await identifyFolder(dir)).toMatchObject({
      format: "safetensors",
      type: "lora",
      baseModel: "SD1.x",
    });
    expect(await identifyFolder(await folder())).toMatchObject({
      format: "unknown",
      type: "unknown",
      confidence: 0,
    });
  });
});
