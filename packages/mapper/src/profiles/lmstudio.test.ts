import { describeAcceptance } from "../test-utils/acceptance.js";
import { filesOf } from "../test-utils/library-fixture.js";
import { lmstudio } from "./lmstudio.js";

describeAcceptance("LM Studio", {
  profile: lmstudio,
  layout: [],
  expected: () => ({
    // Two levels always: publisher (or the repo's org, or "mlib") / repo (or the model name).
    "llm-llama-q4": filesOf("llm-llama-q4", "bartowski/Llama-3.2-1B-Instruct-GGUF"),
    "llm-llama-q8": filesOf("llm-llama-q8", "bartowski/Llama-3.2-1B-Instruct-GGUF"),
    "llm-qwen-shards": filesOf("llm-qwen-shards", "Qwen/Qwen2.5-7B-Instruct-GGUF"),
    "vlm-gemma": filesOf("vlm-gemma", "ggml-org/gemma-3-4b-it-GGUF"),
    "vlm-qwen2vl": filesOf("vlm-qwen2vl", "mlib/Qwen2-VL-2B-Instruct"),
    "emb-nomic": filesOf("emb-nomic", "nomic-ai/nomic-embed-text-v1.5-GGUF"),
    "rerank-bge": filesOf("rerank-bge", "gpustack/bge-reranker-v2-m3-GGUF"),
  }),
  removeModel: "llm-qwen-shards",
  syncDropModel: "vlm-gemma",
  conflictModel: "llm-qwen-shards",
  conflictAt: /00002-of-00003/,
});
