import { GGMLQuantizationType as T } from "@huggingface/gguf";
import { buildGguf, kv } from "./gguf-writer.js";

/** A complete one-block llama GGUF in Q4_K_M (file type 15): real header, real block sizes, zero weights. */
export function tinyLlamaGguf(name = "Tiny Llama"): Uint8Array {
  return buildGguf({
    metadata: {
      "general.architecture": kv.str("llama"),
      "general.name": kv.str(name),
      "general.file_type": kv.u32(15),
      "llama.context_length": kv.u32(4096),
      "llama.embedding_length": kv.u32(256),
      "llama.block_count": kv.u32(1),
      "tokenizer.ggml.model": kv.str("gpt2"),
    },
    tensors: [
      { name: "token_embd.weight", shape: [256, 16], type: T.Q4_K },
      { name: "blk.0.attn_norm.weight", shape: [256], type: T.F32 },
      { name: "blk.0.attn_q.weight", shape: [256, 4], type: T.Q4_K },
      { name: "output.weight", shape: [256, 16], type: T.Q6_K },
    ],
  }).bytes;
}
