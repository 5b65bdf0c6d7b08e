// Decoder language models in the transformers layout (`model.layers.N.*`, `lm_head`), and the
// vision-language models that wrap one. Architecture names follow GGUF's general.architecture so
// a safetensors and a GGUF copy of one model agree. Llama and Mistral share every key and shape
// rule, so both read "llama" (as in GGUF); a folder's config.json says which.
import type { KeySignature, Refinement } from "./types.js";

const LLAMA_LIKE = [
  "model.layers.#.self_attn.q_proj.weight",
  "model.layers.#.self_attn.o_proj.weight",
  "model.layers.#.mlp.down_proj.weight",
];

/** Tells apart the families that share the llama key layout. Later rules win. */
const LLAMA_FAMILY: Refinement[] = [
  {
    when: ["lm_head.weight"],
    set: {},
    because: "output head (lm_head.weight)",
  },
  {
    shape: "model.embed_tokens.weight",
    dim: 0,
    values: {
      "128256": {},
      "256000": { architecture: "gemma" },
      "262144": { architecture: "gemma3" },
    },
    because: "vocabulary of {value} tokens: {key}",
  },
  {
    when: ["model.layers.#.self_attn.q_proj.bias"],
    set: { architecture: "qwen2" },
    because: "biases on the q/k/v projections, as in Qwen2",
  },
  {
    when: ["model.layers.#.self_attn.q_norm.weight"],
    set: { architecture: "qwen3" },
    because: "per-head q/k norms without pre/post feed-forward norms, as in Qwen3",
  },
  {
    when: ["model.layers.#.pre_feedforward_layernorm.weight"],
    set: { architecture: "gemma2" },
    because: "pre/post feed-forward norms, as in Gemma 2",
  },
  {
    when: ["model.layers.#.pre_feedforward_layernorm.weight", "model.layers.#.self_attn.q_norm.weight"],
    set: { architecture: "gemma3" },
    because: "pre/post feed-forward norms and q/k norms, as in Gemma 3",
  },
  {
    when: ["model.layers.#.mlp.experts.#.gate_proj.weight", "model.layers.#.self_attn.q_norm.weight"],
    set: { architecture: "qwen3moe" },
    because: "mixture of experts with q/k norms, as in Qwen3-MoE",
  },
  {
    when: ["model.layers.#.mlp.shared_expert.gate_proj.weight"],
    set: { architecture: "qwen2moe" },
    because: "mixture of experts with a shared expert, as in Qwen2-MoE",
  },
];

const llm = (
  id: string,
  architecture: string,
  describe: string,
  all: string[],
  refine?: Refinement[],
): KeySignature => ({
  id,
  describe,
  priority: 60,
  confidence: 0.85,
  all,
  set: { type: "llm", architecture },
  ...(refine ? { refine } : {}),
});

export const LLM_SIGNATURES: KeySignature[] = [
  llm(
    "llm-llama",
    "llama",
    "decoder LLM, llama key layout",
    [...LLAMA_LIKE, "model.layers.#.mlp.gate_proj.weight"],
    LLAMA_FAMILY,
  ),
  llm(
    "llm-llama-moe",
    "llama",
    "mixture-of-experts LLM, llama key layout",
    [...LLAMA_LIKE, "model.layers.#.mlp.experts.#.gate_proj.weight"],
    LLAMA_FAMILY,
  ),
  llm("llm-mixtral", "mixtral", "mixture-of-experts LLM (block_sparse_moe), as Mixtral", [
    "model.layers.#.self_attn.q_proj.weight",
    "model.layers.#.block_sparse_moe.gate.weight",
  ]),
  llm("llm-phi3", "phi3", "decoder LLM with fused qkv and gate_up projections, as Phi-3", [
    "model.layers.#.self_attn.qkv_proj.weight",
    "model.layers.#.mlp.gate_up_proj.weight",
  ]),
  llm("llm-phi2", "phi2", "decoder LLM with dense/fc1/fc2 and final_layernorm, as Phi-2", [
    "model.layers.#.self_attn.dense.weight",
    "model.layers.#.mlp.fc1.weight",
    "model.final_layernorm.weight",
  ]),
  llm("llm-deepseek2", "deepseek2", "decoder LLM with multi-head latent attention, as DeepSeek V2/V3", [
    "model.layers.#.self_attn.kv_a_proj_with_mqa.weight",
  ]),
  llm("llm-gpt2", "gpt2", "decoder LLM, GPT-2 layout (h.N.attn.c_attn)", [
    "*h.#.attn.c_attn.weight",
    "*wte.weight",
  ]),
  llm("llm-gptneox", "gptneox", "decoder LLM, GPT-NeoX layout", [
    "gpt_neox.layers.#.attention.query_key_value.weight",
  ]),
  llm("llm-falcon", "falcon", "decoder LLM, Falcon layout", [
    "transformer.h.#.self_attention.query_key_value.weight",
  ]),
  llm("llm-mamba", "mamba", "state-space LLM, Mamba layout", ["backbone.layers.#.mixer.in_proj.weight"]),
  llm("llm-t5", "t5", "encoder-decoder T5 (with a decoder)", [
    "encoder.block.#.layer.#.SelfAttention.q.weight",
    "decoder.block.#.layer.#.EncDecAttention.q.weight",
  ]),
  {
    id: "vlm-llava",
    describe: "vision-language model: language model + vision tower + projector",
    priority: 65,
    confidence: 0.85,
    all: ["*multi_modal_projector*"],
    any: [
      "language_model.model.layers.#.self_attn.q_proj.weight",
      "model.language_model.layers.#.self_attn.q_proj.weight",
    ],
    set: { type: "vlm", architecture: "llava" },
    refine: [
      {
        when: ["*language_model*layers.#.pre_feedforward_layernorm.weight"],
        set: { architecture: "gemma3" },
        because: "Gemma 3 language model",
      },
      { when: ["*vision_tower.*"], set: {}, because: "vision tower present" },
    ],
  },
  {
    id: "vlm-qwen2vl",
    describe: "vision-language model: Qwen2-VL (visual.blocks + language model)",
    priority: 65,
    confidence: 0.85,
    all: ["*visual.blocks.#.attn.qkv.weight"],
    any: ["model.layers.#.self_attn.q_proj.weight", "model.language_model.layers.#.self_attn.q_proj.weight"],
    set: { type: "vlm", architecture: "qwen2vl" },
  },
];
