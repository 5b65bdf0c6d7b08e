import { writeFile } from "node:fs/promises";

export type TensorTable = Record<string, [dtype: string, shape: number[]]>;

const BYTES: Record<string, number> = { F16: 2, BF16: 2, F32: 4 };

/** A safetensors file: 8-byte header length, the JSON header, then `fill` bytes of tensor data. */
export async function writeSafetensors(path: string, tensors: TensorTable, fill = 0): Promise<void> {
  let offset = 0;
  const header: Record<string, unknown> = {};
  for (const [name, [dtype, shape]] of Object.entries(tensors)) {
    const size = shape.reduce((a, b) => a * b, 1) * (BYTES[dtype] ?? 1);
    header[name] = { dtype, shape, data_offsets: [offset, offset + size] };
    offset += size;
  }
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  await writeFile(path, Buffer.concat([length, json, Buffer.alloc(offset, fill)]));
}

/** A kohya-style SD1.5 LoRA: UNet cross-attention (768 wide context) and text-encoder keys. */
export function sd15Lora(): TensorTable {
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
