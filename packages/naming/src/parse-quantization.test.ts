import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseQuantization } from "./parse-quantization.js";

describe("parseQuantization", () => {
  it.each([
    ["Q4_K_M", "Q4_K_M"],
    ["q4_k_m", "Q4_K_M"],
    ["Meta-Llama-3.1-8B-Instruct-Q4_K_M-00001-of-00002.gguf", "Q4_K_M"],
    ["mistral-7b-instruct-v0.2.Q8_0.gguf", "Q8_0"],
    ["Mistral-7B-IQ2_XS.gguf", "IQ2_XS"],
    ["model-iq4_nl.gguf", "IQ4_NL"],
    ["x-IQ1_M.gguf", "IQ1_M"],
    ["bitnet-TQ1_0.gguf", "TQ1_0"],
    ["Qwen3-30B-A3B-UD-Q4_K_XL.gguf", "UD-Q4_K_XL"],
    ["Llama-3.3-70B-Q3_K_XL.gguf", "Q3_K_XL"],
    ["Meta-Llama-3-8B-Q4_K_L.gguf", "Q4_K_L"],
    ["phi-2.Q4_0_4_4.gguf", "Q4_0_4_4"],
    ["gpt-oss-20b-MXFP4.gguf", "MXFP4"],
    ["MXFP4_MOE", "MXFP4_MOE"],
    ["MOSTLY_Q4_K_M", "Q4_K_M"],
    ["model-fp16.safetensors", "F16"],
    ["gemma-2-2b-it-f16.gguf", "F16"],
    ["float16", "F16"],
    ["model_bf16.safetensors", "BF16"],
    ["bfloat16", "BF16"],
    ["model-f32.gguf", "F32"],
    ["fp32", "F32"],
    ["flux1-dev-fp8_e4m3fn.safetensors", "FP8"],
    ["flux1-dev-fp8.safetensors", "FP8"],
    ["t5xxl_fp8_e4m3fn_scaled.safetensors", "FP8"],
    ["model.fp8_e5m2.safetensors", "FP8"],
    ["F8_E4M3", "FP8"],
    ["flux1-dev-bnb-nf4-v2.safetensors", "NF4"],
    ["FP4", "FP4"],
    ["Meta-Llama-3-8B-Instruct-4bit", "INT4"],
    ["model-int8.onnx", "INT8"],
    ["mmproj-f16-then-Q4_K_M.gguf", "Q4_K_M"],
  ])("%s → %s", (input, label) => {
    expect(parseQuantization(input)).toBe(label);
  });

  it.each([
    "Meta-Llama-3-8B",
    "Qwen2.5-7B-Instruct",
    "model.gguf",
    "",
    "Q8",
    "IQ4_XS2",
    "xbf16",
    "f16abc",
    "v0.2",
    "rf32",
  ])("%s has no quantization", (input) => {
    expect(parseQuantization(input)).toBeNull();
  });

  it("returns null or a canonical label for any string, and is stable on its own output", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), (s) => {
        const label = parseQuantization(s);
        if (label !== null) {
          expect(label).toBe(label.toUpperCase());
          expect(parseQuantization(label)).toBe(label);
        }
      }),
    );
  });
});
