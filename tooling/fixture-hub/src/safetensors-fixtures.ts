// Small safetensors files with real tensor names, for tests across the workspace (CLI, server).
import { open } from "node:fs/promises";

export type TensorTable = Record<string, [dtype: string, shape: number[]]>;

const BYTES: Record<string, number> = { F16: 2, BF16: 2, F32: 4, F8_E4M3: 1 };

/** Writes a safetensors file: 8-byte header length, JSON header, then data (a hole when `sparse`). */
export async function writeSafetensors(
  path: string,
  tensors: TensorTable,
  opts: { sparse?: boolean; fill?: number } = {},
) {
  let offset = 0;
  const header: Record<string, unknown> = {};
  for (const [name, [dtype, shape]] of Object.entries(tensors)) {
    const size = shape.reduce((a, b) => a * b, 1) * (BYTES[dtype] ?? 1);
    header[name] = { dtype, shape, data_offsets: [offset, offset + size] };
    offset += size;
  }
  const json = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  const fh = await open(path, "w");
  try {
    await fh.write(Buffer.concat([len, json]));
    if (opts.sparse) await fh.truncate(8 + json.length + offset);
    else await fh.write(Buffer.alloc(offset, opts.fill ?? 0));
  } finally {
    await fh.close();
  }
}

/** Keys of one llama decoder layer with the given sizes. */
export function llamaLayer(i: number, hidden: number, ff: number, dtype = "BF16"): TensorTable {
  return {
    [`model.layers.${i}.self_attn.q_proj.weight`]: [dtype, [hidden, hidden]],
    [`model.layers.${i}.self_attn.k_proj.weight`]: [dtype, [hidden, hidden]],
    [`model.layers.${i}.self_attn.v_proj.weight`]: [dtype, [hidden, hidden]],
    [`model.layers.${i}.self_attn.o_proj.weight`]: [dtype, [hidden, hidden]],
    [`model.layers.${i}.mlp.gate_proj.weight`]: [dtype, [ff, hidden]],
    [`model.layers.${i}.mlp.up_proj.weight`]: [dtype, [ff, hidden]],
    [`model.layers.${i}.mlp.down_proj.weight`]: [dtype, [hidden, ff]],
    [`model.layers.${i}.input_layernorm.weight`]: [dtype, [hidden]],
    [`model.layers.${i}.post_attention_layernorm.weight`]: [dtype, [hidden]],
  };
}

/** A small but complete llama-style checkpoint. */
export function tinyLlama(layers = 2, hidden = 64, ff = 128, dtype = "BF16"): TensorTable {
  const t: TensorTable = {
    "model.embed_tokens.weight": [dtype, [256, hidden]],
    "model.norm.weight": [dtype, [hidden]],
    "lm_head.weight": [dtype, [256, hidden]],
  };
  for (let i = 0; i < layers; i++) Object.assign(t, llamaLayer(i, hidden, ff, dtype));
  return t;
}

/** A kohya-style SD1.5 LoRA: UNet cross-attention (768 wide context) and text-encoder keys. */
export function kohyaSd15Lora(): TensorTable {
  const t: TensorTable = {};
  for (const block of ["down_blocks_0_attentions_0", "up_blocks_1_attentions_2"]) {
    const base = `lora_unet_${block}_transformer_blocks_0_attn2_to_k`;
    t[`${base}.lora_down.weight`] = ["F16", [4, 768]];
    t[`${base}.lora_up.weight`] = ["F16", [320, 4]];
    t[`${base}.alpha`] = ["F16", []];
  }
  t["lora_te_text_model_encoder_layers_0_self_attn_q_proj.lora_down.weight"] = ["F16", [4, 768]];
  t["lora_te_text_model_encoder_layers_0_self_attn_q_proj.lora_up.weight"] = ["F16", [768, 4]];
  return t;
}
