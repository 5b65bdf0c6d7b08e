import { GGMLQuantizationType as T } from "@huggingface/gguf";
import { expect, it } from "vitest";
import { ggmlTypeTraits } from "./ggml-type-traits.js";

// Bits per weight as llama.cpp documents them (gguf-py GGML_QUANT_SIZES).
it.each([
  [T.F32, "F32", 32],
  [T.F16, "F16", 16],
  [T.BF16, "BF16", 16],
  [T.Q8_0, "Q8_0", 8.5],
  [T.Q4_0, "Q4_0", 4.5],
  [T.Q5_1, "Q5_1", 6],
  [T.Q2_K, "Q2_K", 2.625],
  [T.Q3_K, "Q3_K", 3.4375],
  [T.Q4_K, "Q4_K", 4.5],
  [T.Q5_K, "Q5_K", 5.5],
  [T.Q6_K, "Q6_K", 6.5625],
  [T.IQ2_XXS, "IQ2_XXS", 2.0625],
  [T.IQ2_XS, "IQ2_XS", 2.3125],
  [T.IQ1_S, "IQ1_S", 1.5625],
  [T.IQ4_XS, "IQ4_XS", 4.25],
  [T.TQ2_0, "TQ2_0", 2.0625],
  [T.MXFP4, "MXFP4", 4.25],
])("type %i is %s at %f bits per weight", (type, name, bpw) => {
  const t = ggmlTypeTraits(type);
  expect(t?.name).toBe(name);
  expect(((t?.typeSize ?? 0) * 8) / (t?.blockSize ?? 1)).toBe(bpw);
});

it("knows nothing of type numbers ggml never defined or retired", () => {
  expect(ggmlTypeTraits(4)).toBeNull(); // Q4_2, removed in 2023
  expect(ggmlTypeTraits(999)).toBeNull();
});
