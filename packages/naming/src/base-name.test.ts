import { describe, expect, it } from "vitest";
import { baseName } from "./base-name.js";

describe("baseName", () => {
  it.each([
    ["Meta-Llama-3.1-8B-Instruct-Q4_K_M-00001-of-00002.gguf", "Meta-Llama-3.1-8B-Instruct"],
    ["mistral-7b-instruct-v0.2.Q8_0.gguf", "mistral-7b-instruct-v0.2"],
    ["Mistral-7B-IQ2_XS.gguf", "Mistral-7B"],
    ["Qwen3-30B-A3B-UD-Q4_K_XL.gguf", "Qwen3-30B-A3B"],
    ["Llama-3.2-1B-Instruct.i1-Q4_K_M.gguf", "Llama-3.2-1B-Instruct"],
    ["gemma-2-2b-it-f16.gguf", "gemma-2-2b-it"],
    ["model-f32.gguf", "model"],
    ["model-fp16.safetensors", "model"],
    ["sd_xl_base_1.0_bf16.safetensors", "sd_xl_base_1.0"],
    ["flux1-dev-fp8_e4m3fn.safetensors", "flux1-dev"],
    ["llama-2-7b.ggmlv3.q4_0.bin", "llama-2-7b"],
    ["pytorch_model-00001-of-00002.bin", "pytorch_model"],
    ["model.safetensors.part1of3", "model"],
    ["dir/sub/qwen2.5-7b-instruct-q8_0.gguf", "qwen2.5-7b-instruct"],
    ["C:\\models\\phi-3-mini-4k-instruct-Q5_K_S.gguf", "phi-3-mini-4k-instruct"],
    ["final_v2.ckpt", "final_v2"],
    ["Meta-Llama-3-8B", "Meta-Llama-3-8B"],
    ["Q4_K_M.gguf", "Q4_K_M"],
  ])("%s → %s", (input, output) => {
    expect(baseName(input)).toBe(output);
  });
});
