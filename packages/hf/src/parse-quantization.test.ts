import { describe, expect, it } from "vitest";
import { parseQuantization } from "./parse-quantization.js";

describe("parseQuantization", () => {
  it("reads llama.cpp labels from real file names", () => {
    const cases: Record<string, string | undefined> = {
      "Meta-Llama-3-8B-Instruct-Q4_K_M.gguf": "Q4_K_M",
      "qwen2.5-72b-instruct-q4_k_m-00001-of-00003.gguf": "Q4_K_M",
      "Qwen2-7B.IQ2_XXS.gguf": "IQ2_XXS",
      "phi-2.Q4_0_4_4.gguf": "Q4_0_4_4",
      "gemma-3-27b-it-UD-Q4_K_XL.gguf": "UD-Q4_K_XL",
      "model-bf16.gguf": "BF16",
      "mmproj-F16.gguf": "F16",
      "Q8_0/model-Q8_0-00001-of-00002.gguf": "Q8_0",
      "gpt-oss-20b-MXFP4.gguf": "MXFP4",
      "bitnet-TQ1_0.gguf": "TQ1_0",
      "Qwen2-7B-Instruct.gguf": undefined,
      "model.safetensors": undefined,
      "Q4_K_M.txt/README.md": undefined,
      "q4km.gguf": undefined,
    };
    for (const [name, label] of Object.entries(cases))
      expect([name, parseQuantization(name)]).toEqual([name, label]);
  });
});
