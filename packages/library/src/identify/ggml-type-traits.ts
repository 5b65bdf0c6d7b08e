import { GGMLQuantizationType } from "@huggingface/gguf";

export interface GgmlTypeTraits {
  /** ggml's name for the tensor type: "Q4_K", "F16", "IQ2_XS". */
  name: string;
  /** Elements per block and bytes per block, as in ggml's type_traits; null when not known here. */
  blockSize: number | null;
  typeSize: number | null;
}

// Block layouts from ggml-common.h and gguf-py's GGML_QUANT_SIZES (QK_K = 256). Only layouts known for certain are listed: a
// wrong size would call a sound file truncated, a missing one merely skips the size check.
const BLOCKS: Readonly<Record<number, readonly [number, number]>> = {
  0: [1, 4], // F32
  1: [1, 2], // F16
  2: [32, 18], // Q4_0
  3: [32, 20], // Q4_1
  6: [32, 22], // Q5_0
  7: [32, 24], // Q5_1
  8: [32, 34], // Q8_0
  9: [32, 36], // Q8_1
  10: [256, 84], // Q2_K
  11: [256, 110], // Q3_K
  12: [256, 144], // Q4_K
  13: [256, 176], // Q5_K
  14: [256, 210], // Q6_K
  15: [256, 292], // Q8_K
  16: [256, 66], // IQ2_XXS
  17: [256, 74], // IQ2_XS
  18: [256, 98], // IQ3_XXS
  19: [256, 50], // IQ1_S
  20: [32, 18], // IQ4_NL
  21: [256, 110], // IQ3_S
  22: [256, 82], // IQ2_S
  23: [256, 136], // IQ4_XS
  24: [1, 1], // I8
  25: [1, 2], // I16
  26: [1, 4], // I32
  27: [1, 8], // I64
  28: [1, 8], // F64
  29: [256, 56], // IQ1_M
  30: [1, 2], // BF16
  34: [256, 54], // TQ1_0
  35: [256, 66], // TQ2_0
  39: [32, 17], // MXFP4
  40: [64, 36], // NVFP4
  41: [128, 18], // Q1_0
  42: [64, 18], // Q2_0
};

/** What ggml knows of tensor type `type`; null for a type number ggml does not define. */
export function ggmlTypeTraits(type: number): GgmlTypeTraits | null {
  const name: unknown = GGMLQuantizationType[type];
  if (typeof name !== "string") return null;
  const block = BLOCKS[type];
  return { name, blockSize: block?.[0] ?? null, typeSize: block?.[1] ?? null };
}
