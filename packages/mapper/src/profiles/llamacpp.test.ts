import { describeAcceptance } from "../test-utils/acceptance.js";
import { filesOf } from "../test-utils/library-fixture.js";
import { llamacpp } from "./llamacpp.js";

describeAcceptance("llama.cpp", {
  profile: llamacpp,
  layout: [],
  expected: () => ({
    "llm-llama-q4": filesOf("llm-llama-q4", ""),
    "llm-llama-q8": filesOf("llm-llama-q8", ""),
    // Several files: a folder of their own, named after the model file (llama-server --models-dir).
    "llm-qwen-shards": filesOf("llm-qwen-shards", "qwen2.5-7b-instruct-q4_k_m"),
    "vlm-gemma": filesOf("vlm-gemma", "gemma-3-4b-it-Q4_K_M"),
    "vlm-qwen2vl": filesOf("vlm-qwen2vl", "Qwen2-VL-2B-Instruct-Q4_K_M"),
    "emb-nomic": filesOf("emb-nomic", ""),
    "rerank-bge": filesOf("rerank-bge", ""),
  }),
  removeModel: "vlm-gemma",
  syncDropModel: "llm-qwen-shards",
  conflictModel: "llm-llama-q8",
});
