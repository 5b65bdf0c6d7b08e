// A 20 GiB GGUF made sparse: a real Llama 3.1 8B Q4_K_M header (292 tensors, 128,256-token
// vocabulary) followed by holes. Identification must read the header only.
import { mkdtemp, open, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { GGMLQuantizationType as T } from "@huggingface/gguf";
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildGguf, type GgufTensorSpec, kv } from "../test-utils/gguf-writer.js";
import { identifyGguf } from "./gguf.js";

const SIZE = 20 * 2 ** 30;
const EMBD = 4096;
const FFN = 14336;
const KV = 1024;
const VOCAB = 128_256;

function llama3Tensors(): GgufTensorSpec[] {
  const t: GgufTensorSpec[] = [
    { name: "rope_freqs.weight", shape: [64], type: T.F32 },
    { name: "token_embd.weight", shape: [EMBD, VOCAB], type: T.Q4_K },
  ];
  for (let b = 0; b < 32; b++) {
    t.push(
      { name: `blk.${b}.attn_norm.weight`, shape: [EMBD], type: T.F32 },
      { name: `blk.${b}.attn_q.weight`, shape: [EMBD, EMBD], type: T.Q4_K },
      { name: `blk.${b}.attn_k.weight`, shape: [EMBD, KV], type: T.Q4_K },
      { name: `blk.${b}.attn_v.weight`, shape: [EMBD, KV], type: T.Q6_K },
      { name: `blk.${b}.attn_output.weight`, shape: [EMBD, EMBD], type: T.Q4_K },
      { name: `blk.${b}.ffn_norm.weight`, shape: [EMBD], type: T.F32 },
      { name: `blk.${b}.ffn_gate.weight`, shape: [EMBD, FFN], type: T.Q4_K },
      { name: `blk.${b}.ffn_up.weight`, shape: [EMBD, FFN], type: T.Q4_K },
      { name: `blk.${b}.ffn_down.weight`, shape: [FFN, EMBD], type: T.Q6_K },
    );
  }
  t.push(
    { name: "output_norm.weight", shape: [EMBD], type: T.F32 },
    { name: "output.weight", shape: [EMBD, VOCAB], type: T.Q6_K },
  );
  return t;
}

let dir: string;
let file: string;
let dataSize: number;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "mlib-sparse-"));
  file = path.join(dir, "Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf");
  const built = buildGguf(
    {
      metadata: {
        "general.architecture": kv.str("llama"),
        "general.name": kv.str("Meta Llama 3.1 8B Instruct"),
        "general.file_type": kv.u32(15),
        "llama.context_length": kv.u32(131_072),
        "llama.embedding_length": kv.u32(EMBD),
        "llama.block_count": kv.u32(32),
        "tokenizer.ggml.model": kv.str("gpt2"),
        "tokenizer.ggml.tokens": kv.strs(Array.from({ length: VOCAB }, (_, i) => `Ġtoken${i}`)),
        "tokenizer.ggml.token_type": kv.i32s(Array.from({ length: VOCAB }, () => 1)),
      },
      tensors: llama3Tensors(),
    },
    { withData: false },
  );
  dataSize = built.dataOffset + built.dataSize;
  const handle = await open(file, "w");
  try {
    await handle.write(built.bytes, 0, built.bytes.length, 0);
    await handle.truncate(SIZE);
  } finally {
    await handle.close();
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it("identifies a sparse 20 GiB GGUF from its header alone", async () => {
  expect((await stat(file)).size).toBe(SIZE);
  expect(dataSize).toBeLessThanOrEqual(SIZE);
  const started = performance.now();
  const id = await identifyGguf(file);
  const elapsed = performance.now() - started;
  console.log(`sparse 20 GiB GGUF identified in ${elapsed.toFixed(1)} ms`);
  expect(id).toMatchObject({
    format: "gguf",
    type: "llm",
    architecture: "llama",
    quantization: "Q4_K_M",
    parameterCount: 8_030_261_312,
    contextLength: 131_072,
    confidence: 0.95,
  });
  expect(id.fields).toMatchObject({ tensorCount: 292, vocabularySize: VOCAB, blockCount: 32 });
});
