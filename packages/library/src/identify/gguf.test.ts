import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gguf, GGMLQuantizationType as T } from "@huggingface/gguf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildGguf, type GgufKv, type GgufSpec, type GgufTensorSpec, kv } from "../test-utils/gguf-writer.js";
import { identifyGguf } from "./gguf.js";
import { IdentifyError } from "./identify-error.js";
import type { Identification, ModelType } from "./types.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "mlib-gguf-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, bytes: Uint8Array): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return file;
}

/** A one-block transformer in ggml order ([row, rows]); quantized weights, F32 norm, Q6_K output as llama.cpp's Q4_K_M does. */
function blockTensors(weight: number, output = weight): GgufTensorSpec[] {
  return [
    { name: "token_embd.weight", shape: [256, 16], type: weight },
    { name: "blk.0.attn_norm.weight", shape: [256], type: T.F32 },
    { name: "blk.0.attn_q.weight", shape: [256, 4], type: weight },
    { name: "blk.0.ffn_down.weight", shape: [256, 8], type: weight },
    { name: "output.weight", shape: [256, 16], type: output },
  ];
}
const BLOCK_PARAMS = 256 * 16 + 256 + 256 * 4 + 256 * 8 + 256 * 16;

interface LlmOptions {
  arch: string;
  name: string;
  fileType?: number;
  context: number;
  extra?: Record<string, GgufKv>;
}

function llmMetadata(o: LlmOptions): Record<string, GgufKv> {
  return {
    "general.architecture": kv.str(o.arch),
    "general.name": kv.str(o.name),
    ...(o.fileType === undefined ? {} : { "general.file_type": kv.u32(o.fileType) }),
    [`${o.arch}.context_length`]: kv.u32(o.context),
    [`${o.arch}.embedding_length`]: kv.u32(256),
    [`${o.arch}.block_count`]: kv.u32(1),
    "tokenizer.ggml.model": kv.str("gpt2"),
    "tokenizer.ggml.tokens": kv.strs(Array.from({ length: 300 }, (_, i) => `tok${i}`)),
    ...o.extra,
  };
}

interface Case {
  label: string;
  file: string;
  spec: GgufSpec;
  type: ModelType;
  architecture: string | null;
  quantization: string | null;
  parameterCount: number | null;
  contextLength: number | null;
  subtype?: string | null;
  check?: (id: Identification) => void;
}

const embedding = (arch: string, pooling: number, extra: Record<string, GgufKv> = {}) => ({
  "general.architecture": kv.str(arch),
  "general.file_type": kv.u32(1),
  [`${arch}.context_length`]: kv.u32(512),
  [`${arch}.embedding_length`]: kv.u32(256),
  [`${arch}.block_count`]: kv.u32(1),
  [`${arch}.pooling_type`]: kv.u32(pooling),
  "tokenizer.ggml.model": kv.str("bert"),
  ...extra,
});

const CASES: Case[] = [
  {
    label: "llama 3.1 Q4_K_M with a chat template",
    file: "Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf",
    spec: {
      metadata: llmMetadata({
        arch: "llama",
        name: "Meta Llama 3.1 8B Instruct",
        fileType: 15,
        context: 131072,
        extra: {
          "general.basename": kv.str("Meta-Llama-3.1"),
          "general.size_label": kv.str("8B"),
          "tokenizer.chat_template": kv.str("{% for m in messages %}{{ m.content }}{% endfor %}"),
        },
      }),
      tensors: blockTensors(T.Q4_K, T.Q6_K),
    },
    type: "llm",
    architecture: "llama",
    quantization: "Q4_K_M",
    parameterCount: BLOCK_PARAMS,
    contextLength: 131072,
    check: (id) => {
      expect(id.fields).toMatchObject({
        name: "Meta Llama 3.1 8B Instruct",
        basename: "Meta-Llama-3.1",
        sizeLabel: "8B",
        embeddingLength: 256,
        blockCount: 1,
        tokenizerModel: "gpt2",
        vocabularySize: 300,
        hasChatTemplate: true,
        "tokenizer.ggml.tokens": { omitted: "array", length: 300, elementType: "string" },
        "tokenizer.chat_template": { omitted: "string", length: 50 },
      });
    },
  },
  {
    label: "qwen2 Q8_0",
    file: "qwen2.5-7b-instruct-q8_0.gguf",
    spec: {
      metadata: llmMetadata({ arch: "qwen2", name: "Qwen2.5 7B", fileType: 7, context: 32768 }),
      tensors: blockTensors(T.Q8_0),
    },
    type: "llm",
    architecture: "qwen2",
    quantization: "Q8_0",
    parameterCount: BLOCK_PARAMS,
    contextLength: 32768,
  },
  {
    label: "gemma2 F16",
    file: "gemma-2-2b-it-f16.gguf",
    spec: {
      metadata: llmMetadata({ arch: "gemma2", name: "Gemma 2 2B", fileType: 1, context: 8192 }),
      tensors: blockTensors(T.F16),
    },
    type: "llm",
    architecture: "gemma2",
    quantization: "F16",
    parameterCount: BLOCK_PARAMS,
    contextLength: 8192,
  },
  {
    label: "phi3 BF16",
    file: "Phi-3-mini-4k-instruct-bf16.gguf",
    spec: {
      metadata: llmMetadata({ arch: "phi3", name: "Phi 3 Mini", fileType: 32, context: 4096 }),
      tensors: blockTensors(T.BF16),
    },
    type: "llm",
    architecture: "phi3",
    quantization: "BF16",
    parameterCount: BLOCK_PARAMS,
    contextLength: 4096,
  },
  {
    label: "mistral (llama architecture) IQ2_XS",
    file: "Mistral-7B-Instruct-v0.3-IQ2_XS.gguf",
    spec: {
      metadata: llmMetadata({
        arch: "llama",
        name: "Mistral 7B Instruct v0.3",
        fileType: 20,
        context: 32768,
      }),
      tensors: blockTensors(T.IQ2_XS, T.Q4_K),
    },
    type: "llm",
    architecture: "llama",
    quantization: "IQ2_XS",
    parameterCount: BLOCK_PARAMS,
    contextLength: 32768,
  },
  {
    label: "qwen2moe Q5_K_S with 60 experts",
    file: "Qwen1.5-MoE-A2.7B-Q5_K_S.gguf",
    spec: {
      metadata: llmMetadata({
        arch: "qwen2moe",
        name: "Qwen1.5 MoE A2.7B",
        fileType: 16,
        context: 8192,
        extra: { "qwen2moe.expert_count": kv.u32(60), "qwen2moe.expert_used_count": kv.u32(4) },
      }),
      tensors: [
        ...blockTensors(T.Q5_K),
        { name: "blk.0.ffn_gate_exps.weight", shape: [256, 2, 60], type: T.Q5_K },
      ],
    },
    type: "llm",
    architecture: "qwen2moe",
    quantization: "Q5_K_S",
    parameterCount: BLOCK_PARAMS + 256 * 2 * 60,
    contextLength: 8192,
    check: (id) => expect(id.fields).toMatchObject({ expertCount: 60, expertUsedCount: 4 }),
  },
  {
    label: "mixtral (llama with 8 experts) Q4_K_M",
    file: "mixtral-8x7b-instruct-v0.1.Q4_K_M.gguf",
    spec: {
      metadata: llmMetadata({
        arch: "llama",
        name: "Mixtral 8x7B",
        fileType: 15,
        context: 32768,
        extra: { "llama.expert_count": kv.u32(8), "llama.expert_used_count": kv.u32(2) },
      }),
      tensors: blockTensors(T.Q4_K, T.Q6_K),
    },
    type: "llm",
    architecture: "llama",
    quantization: "Q4_K_M",
    parameterCount: BLOCK_PARAMS,
    contextLength: 32768,
    check: (id) => expect(id.fields).toMatchObject({ expertCount: 8, expertUsedCount: 2 }),
  },
  {
    label: "bert embedding (CLS pooling)",
    file: "bge-small-en-v1.5-f16.gguf",
    spec: { metadata: embedding("bert", 2), tensors: blockTensors(T.F16) },
    type: "embedding",
    architecture: "bert",
    quantization: "F16",
    parameterCount: BLOCK_PARAMS,
    contextLength: 512,
  },
  {
    label: "nomic-bert embedding Q8_0 (mean pooling)",
    file: "nomic-embed-text-v1.5.Q8_0.gguf",
    spec: {
      metadata: {
        ...embedding("nomic-bert", 1),
        "general.file_type": kv.u32(7),
        "nomic-bert.context_length": kv.u32(2048),
      },
      tensors: blockTensors(T.Q8_0),
    },
    type: "embedding",
    architecture: "nomic-bert",
    quantization: "Q8_0",
    parameterCount: BLOCK_PARAMS,
    contextLength: 2048,
  },
  {
    label: "reranker with rank pooling and a classifier head",
    file: "bge-reranker-v2-m3-Q4_K_M.gguf",
    spec: {
      metadata: { ...embedding("bert", 4), "general.file_type": kv.u32(15) },
      tensors: [...blockTensors(T.Q4_K, T.Q6_K), { name: "cls.output.weight", shape: [256, 1], type: T.F32 }],
    },
    type: "reranker",
    architecture: "bert",
    quantization: "Q4_K_M",
    parameterCount: BLOCK_PARAMS + 256,
    contextLength: 512,
    check: (id) => expect(id.confidence).toBeGreaterThanOrEqual(0.9),
  },
  {
    label: "reranker known only by its name (weak)",
    file: "jina-reranker-v1-tiny-en-F16.gguf",
    spec: { metadata: embedding("jina-bert-v2", 2), tensors: blockTensors(T.F16) },
    type: "reranker",
    architecture: "jina-bert-v2",
    quantization: "F16",
    parameterCount: BLOCK_PARAMS,
    contextLength: 512,
    check: (id) => {
      expect(id.confidence).toBeLessThan(0.9);
      expect(id.evidence).toContainEqual(expect.objectContaining({ source: "name", strength: "weak" }));
    },
  },
  {
    label: "vision projector (mmproj)",
    file: "mmproj-model-f16.gguf",
    spec: {
      metadata: {
        "general.architecture": kv.str("clip"),
        "general.type": kv.str("mmproj"),
        "general.file_type": kv.u32(1),
        "clip.has_vision_encoder": kv.bool(true),
        "clip.projector_type": kv.str("mlp"),
        "clip.vision.image_size": kv.u32(336),
      },
      tensors: [
        { name: "v.patch_embd.weight", shape: [14, 14, 3, 32], type: T.F16 },
        { name: "mm.0.weight", shape: [32, 64], type: T.F16 },
      ],
    },
    type: "vision",
    subtype: "mmproj",
    architecture: "clip",
    quantization: "F16",
    parameterCount: 14 * 14 * 3 * 32 + 32 * 64,
    contextLength: null,
  },
  {
    label: "misleading name: says Q8_0, bytes say Q4_K_M",
    file: "final_v2-Q8_0.gguf",
    spec: {
      metadata: llmMetadata({ arch: "llama", name: "final", fileType: 15, context: 4096 }),
      tensors: blockTensors(T.Q4_K, T.Q6_K),
    },
    type: "llm",
    architecture: "llama",
    quantization: "Q4_K_M",
    parameterCount: BLOCK_PARAMS,
    contextLength: 4096,
    check: (id) =>
      expect(id.evidence).toContainEqual({
        source: "name",
        detail: "file name says Q8_0 but the header says Q4_K_M; the header wins",
        strength: "weak",
      }),
  },
  {
    label: "no file type: the dominant tensor type decides",
    file: "model.gguf",
    spec: {
      metadata: llmMetadata({ arch: "starcoder2", name: "x", context: 16384 }),
      tensors: blockTensors(T.Q6_K, T.Q8_0),
    },
    type: "llm",
    architecture: "starcoder2",
    quantization: "Q6_K",
    parameterCount: BLOCK_PARAMS,
    contextLength: 16384,
    check: (id) =>
      expect(id.evidence).toContainEqual(
        expect.objectContaining({ source: "gguf:tensor types", strength: "medium" }),
      ),
  },
  {
    label: "FLUX diffusion model (ComfyUI-GGUF)",
    file: "flux1-dev-Q8_0.gguf",
    spec: {
      metadata: { "general.architecture": kv.str("flux"), "general.quantization_version": kv.u32(2) },
      tensors: [{ name: "double_blocks.0.img_attn.proj.weight", shape: [64, 64], type: T.Q8_0 }],
    },
    type: "diffusion",
    subtype: "unet",
    architecture: "flux",
    quantization: "Q8_0",
    parameterCount: 64 * 64,
    contextLength: null,
    check: (id) => expect(id.baseModel).toBe("FLUX.1"),
  },
  {
    label: "LoRA adapter",
    file: "my-lora-f16.gguf",
    spec: {
      metadata: {
        "general.architecture": kv.str("llama"),
        "general.type": kv.str("adapter"),
        "adapter.type": kv.str("lora"),
        "adapter.lora.alpha": kv.f32(16),
      },
      tensors: [{ name: "blk.0.attn_q.weight.lora_a", shape: [256, 8], type: T.F16 }],
    },
    type: "lora",
    subtype: "lora",
    architecture: "llama",
    quantization: "F16",
    parameterCount: 256 * 8,
    contextLength: null,
  },
  {
    label: "GGUF version 1",
    file: "old-llama-v1.gguf",
    spec: {
      version: 1,
      metadata: llmMetadata({ arch: "llama", name: "old", fileType: 2, context: 2048 }),
      tensors: blockTensors(T.Q4_0),
    },
    type: "llm",
    architecture: "llama",
    quantization: "Q4_0",
    parameterCount: BLOCK_PARAMS,
    contextLength: 2048,
  },
  {
    label: "big-endian GGUF",
    file: "model-be.gguf",
    spec: {
      littleEndian: false,
      metadata: llmMetadata({ arch: "llama", name: "be", fileType: 0, context: 4096 }),
      tensors: blockTensors(T.F32),
    },
    type: "llm",
    architecture: "llama",
    quantization: "F32",
    parameterCount: BLOCK_PARAMS,
    contextLength: 4096,
  },
  {
    label: "no architecture at all",
    file: "weights.gguf",
    spec: {
      metadata: { "general.name": kv.str("mystery") },
      tensors: [{ name: "w", shape: [32, 2], type: T.F32 }],
    },
    type: "unknown",
    architecture: null,
    quantization: "F32",
    parameterCount: 64,
    contextLength: null,
  },
];

describe("identifyGguf", () => {
  it.each(CASES)("$label", async (c) => {
    const file = await write(c.file, buildGguf(c.spec).bytes);
    const id = await identifyGguf(file);
    expect(id).toMatchObject({
      format: "gguf",
      type: c.type,
      architecture: c.architecture,
      quantization: c.quantization,
      parameterCount: c.parameterCount,
      contextLength: c.contextLength,
      shards: null,
      unsafe: null,
    });
    if (c.subtype !== undefined) expect(id.subtype).toBe(c.subtype);
    c.check?.(id);
    // fields must survive JSON (no bigint) for `mlib inspect --json`.
    expect(() => JSON.stringify(id)).not.toThrow();
  });

  it("reads what @huggingface/gguf reads from the same files", async () => {
    for (const c of CASES) {
      const built = buildGguf(c.spec);
      const file = await write(`diff-${c.file}`, built.bytes);
      const theirs = await gguf(file, { allowLocalFile: true, computeParametersCount: true });
      const ours = await identifyGguf(file);
      expect(ours.parameterCount, c.label).toBe(theirs.parameterCount);
      const keys = Object.keys(theirs.metadata).filter(
        (k) => !["version", "tensor_count", "kv_count"].includes(k),
      );
      expect(
        keys.every((k) => k in ours.fields),
        c.label,
      ).toBe(true);
      expect(ours.fields["general.architecture"] ?? null).toBe(
        theirs.metadata["general.architecture"] ?? null,
      );
    }
  });

  it("identifies a legacy GGJT file as ggml with low confidence", async () => {
    const head = new Uint8Array(64);
    const view = new DataView(head.buffer);
    head.set(new TextEncoder().encode("tjgg"), 0);
    view.setUint32(4, 3, true);
    for (const [i, v] of [32000, 4096, 256, 32, 32, 128, 2002].entries()) view.setInt32(8 + i * 4, v, true);
    const id = await identifyGguf(await write("llama-2-7b.ggmlv3.q4_0.bin", head));
    expect(id).toMatchObject({
      format: "ggml",
      type: "llm",
      quantization: "Q4_0",
      parameterCount: null,
      contextLength: null,
    });
    expect(id.confidence).toBeLessThanOrEqual(0.5);
    expect(id.evidence[0]?.detail).toMatch(/legacy GGJT v3/);
  });
});

describe("identifyGguf on split sets", () => {
  const count = 3;
  const shard = (no: number, extra: Record<string, GgufKv>, tensors: GgufTensorSpec[]): Uint8Array =>
    buildGguf({
      metadata: {
        "split.no": kv.u16(no),
        "split.count": kv.u16(count),
        "split.tensors.count": kv.i32(7),
        ...extra,
      },
      tensors,
    }).bytes;
  const metadata = llmMetadata({ arch: "llama", name: "Llama 3.1 70B", fileType: 15, context: 131072 });
  const shards = [
    shard(0, metadata, blockTensors(T.Q4_K, T.Q6_K).slice(0, 3)),
    shard(1, {}, blockTensors(T.Q4_K, T.Q6_K).slice(3)),
    shard(2, {}, [
      { name: "blk.1.attn_q.weight", shape: [256, 4], type: T.Q4_K },
      { name: "blk.1.ffn_down.weight", shape: [256, 8], type: T.Q4_K },
    ]),
  ];
  const names = [1, 2, 3].map((i) => `Llama-3.1-70B-Q4_K_M-0000${i}-of-00003.gguf`);

  it("reads the whole set: metadata from shard 1, parameters from all", async () => {
    const set = await mkdtemp(path.join(dir, "split-"));
    const files = await Promise.all(
      names.map((n, i) =>
        writeFile(path.join(set, n), shards[i] ?? new Uint8Array()).then(() => path.join(set, n)),
      ),
    );
    for (const file of [files[0], files[1]]) {
      const id = await identifyGguf(file ?? "");
      expect(id).toMatchObject({
        type: "llm",
        architecture: "llama",
        quantization: "Q4_K_M",
        parameterCount: BLOCK_PARAMS + 256 * 4 + 256 * 8,
        contextLength: 131072,
        shards: { files, total: 3, complete: true, missing: [] },
      });
    }
  });

  it("reports missing shards and leaves the parameter count unknown", async () => {
    const set = await mkdtemp(path.join(dir, "split-"));
    await writeFile(path.join(set, names[0] ?? ""), shards[0] ?? new Uint8Array());
    await writeFile(path.join(set, names[2] ?? ""), shards[2] ?? new Uint8Array());
    const id = await identifyGguf(path.join(set, names[0] ?? ""));
    expect(id).toMatchObject({
      architecture: "llama",
      parameterCount: null,
      shards: { total: 3, complete: false, missing: [2] },
    });
    expect(id.evidence.map((e) => e.detail).join("\n")).toMatch(/shard 2 missing/);
  });

  it("does not take a shard of another set for a sibling", async () => {
    const set = await mkdtemp(path.join(dir, "split-"));
    await Promise.all(
      names.map((n, i) => writeFile(path.join(set, n), shards[i === 1 ? 2 : i] ?? new Uint8Array())),
    );
    const id = await identifyGguf(path.join(set, names[0] ?? ""));
    expect(id.shards).toMatchObject({ complete: false, missing: [2] });
  });
});

describe("identifyGguf errors", () => {
  const valid = () =>
    buildGguf({
      metadata: llmMetadata({ arch: "llama", name: "x", fileType: 15, context: 4096 }),
      tensors: blockTensors(T.Q4_K),
    });
  const expectCode = async (file: string, code: string, message: RegExp) => {
    const error = await identifyGguf(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdentifyError);
    expect(error).toMatchObject({ code, path: file });
    expect((error as Error).message).toMatch(message);
  };

  it("says NOT_FOUND for a missing path", async () => {
    await expectCode(path.join(dir, "nope.gguf"), "NOT_FOUND", /nope\.gguf: no such file/);
  });

  it("rejects a file that is not GGUF", async () => {
    await expectCode(
      await write("text.gguf", new TextEncoder().encode("hello world, not a model")),
      "BAD_HEADER",
      /not a GGUF file/,
    );
  });

  it("calls a download cut inside the tensor data TRUNCATED", async () => {
    const { bytes } = valid();
    await expectCode(
      await write("cut-data.gguf", bytes.subarray(0, bytes.length - 100)),
      "TRUNCATED",
      /output\.weight ends at byte/,
    );
  });

  it("calls a download cut inside the header TRUNCATED", async () => {
    const { bytes } = valid();
    for (const cut of [20, 200, 1500, 4200]) {
      await expectCode(
        await write(`cut-${cut}.gguf`, bytes.subarray(0, cut)),
        "TRUNCATED",
        /only \d+ bytes follow|file ends inside/,
      );
    }
  });

  it("rejects an unsupported version", async () => {
    const { bytes } = valid();
    new DataView(bytes.buffer).setUint32(4, 4, true);
    await expectCode(await write("v4.gguf", bytes), "BAD_HEADER", /unsupported version 4/);
  });

  it("rejects a key/value count of 2^60 without trying to hold it", async () => {
    const { bytes } = valid();
    new DataView(bytes.buffer).setBigUint64(16, 2n ** 60n, true);
    await expectCode(
      await write("kv.gguf", bytes),
      "BAD_HEADER",
      /key\/value count is 1152921504606846976, more than any file could hold/,
    );
  });
});
