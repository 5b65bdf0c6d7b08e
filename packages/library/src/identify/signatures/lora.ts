// Adapters: kohya (`lora_unet_*`, `lora_te*_`), PEFT (`base_model.model.*.lora_A`), diffusers and
// LyCORIS (LoHa, LoKr, OFT). They outrank every other family because their names embed the
// names of the model they adapt. The base model comes from which blocks they touch and from the
// input width of the cross-attention key projection (the text encoder's width).
import type { KeySignature, Refinement, SignatureFields } from "./types.js";

const CONTEXT: Readonly<Record<string, SignatureFields>> = {
  "768": { baseModel: "SD1.x", architecture: "sd1-unet" },
  "1024": { baseModel: "SD2.x", architecture: "sd2-unet" },
  "2048": { baseModel: "SDXL", architecture: "sdxl-unet" },
  "1280": { baseModel: "SDXL Refiner", architecture: "sdxl-refiner-unet" },
};

const CONTEXT_BECAUSE = "adapts a cross-attention key projection of input width {value}: {key}";

/** Shared by every LoRA flavour; later rules override earlier ones. */
const LORA_BASE: Refinement[] = [
  {
    shape: "lora_te_text_model_encoder_layers_#_self_attn_k_proj.lora_down.weight",
    dim: 1,
    values: {
      "768": { baseModel: "SD1.x", architecture: "sd1-unet" },
      "1024": { baseModel: "SD2.x", architecture: "sd2-unet" },
    },
    because: "adapts a text encoder of width {value}: {key}",
  },
  {
    when: ["lora_unet_input_blocks_*"],
    set: { baseCandidates: ["SDXL", "SD1.x", "SD2.x"] },
    because: "ldm-style UNet block names (kohya writes them for SDXL)",
  },
  {
    when: ["lora_te2_*"],
    set: { baseModel: "SDXL", architecture: "sdxl-unet" },
    because: "adapts a second text encoder (lora_te2_), which only SDXL has",
  },
  ...[
    "lora_unet_*attn2_to_k.lora_down.weight",
    "lora_unet_*attn2_to_k.hada_w1_b",
    "*attn2.to_k.lora_A.weight",
    "*attn2.to_k.lora.down.weight",
    "*attn2.processor.to_k_lora.down.weight",
    "*attn2.to_k.lora_down.weight",
  ].map((shape): Refinement => ({ shape, dim: 1, values: CONTEXT, because: CONTEXT_BECAUSE })),
  {
    when: ["*joint_blocks*"],
    set: { baseModel: "SD3", architecture: "sd3-mmdit" },
    because: "adapts MMDiT joint blocks (SD3)",
  },
  {
    shape: "transformer.transformer_blocks.#.attn.to_k.lora_A.weight",
    dim: 1,
    values: {
      "1536": { baseModel: "SD3", architecture: "sd3-mmdit" },
      "2432": { baseModel: "SD3.5", architecture: "sd3-mmdit" },
      "3072": { baseModel: "FLUX.1", architecture: "flux" },
    },
    because: "adapts transformer blocks of width {value}: {key}",
  },
  ...[
    "lora_unet_double_blocks_*",
    "lora_unet_single_blocks_*",
    "*double_blocks.#.img_attn*",
    "*single_transformer_blocks.#.*",
  ].map(
    (pattern): Refinement => ({
      when: [pattern],
      set: { baseModel: "FLUX.1", architecture: "flux" },
      because: "adapts FLUX double/single stream blocks",
    }),
  ),
  {
    when: ["base_model.model.model.layers.#.*"],
    set: {},
    because: "adapts a decoder LLM (model.layers.N)",
  },
];

export const LORA_SIGNATURES: KeySignature[] = [
  {
    id: "lora-lycoris",
    describe: "LyCORIS adapter",
    priority: 102,
    confidence: 0.9,
    all: [],
    any: ["*.hada_w1_a", "*.lokr_w1", "*.lokr_w1_a", "*.lokr_w2", "*.oft_blocks", "*.oft_diag"],
    set: { type: "lora", subtype: "lycoris" },
    refine: [
      {
        when: ["*.hada_w1_a"],
        set: { extra: { algorithm: "loha" } },
        because: "LoHa: Hadamard-product factors (hada_w1_a ...)",
      },
      {
        when: ["*.lokr_w*"],
        set: { extra: { algorithm: "lokr" } },
        because: "LoKr: Kronecker-product factors (lokr_w1 ...)",
      },
      {
        when: ["*.oft_*"],
        set: { extra: { algorithm: "oft" } },
        because: "OFT: orthogonal fine-tuning blocks",
      },
      ...LORA_BASE,
    ],
  },
  {
    id: "lora-kohya",
    describe: "LoRA, kohya naming (lora_unet_/lora_te_ + lora_down/lora_up)",
    priority: 101,
    confidence: 0.9,
    all: [],
    any: ["lora_unet_*.lora_down.weight", "lora_te*.lora_down.weight"],
    set: { type: "lora", subtype: "kohya", extra: { algorithm: "lora" } },
    refine: [
      {
        when: ["lora_unet_*resnets*conv*.lora_down.weight"],
        set: { extra: { algorithm: "locon" } },
        because: "LoCon: convolution layers adapted too",
      },
      ...LORA_BASE,
    ],
  },
  {
    id: "lora-peft",
    describe: "LoRA, PEFT naming (base_model.model.* lora_A/lora_B)",
    priority: 100,
    confidence: 0.9,
    all: ["base_model.model.*.lora_A.weight"],
    set: { type: "lora", subtype: "peft", extra: { algorithm: "lora" } },
    refine: LORA_BASE,
  },
  {
    id: "lora-diffusers",
    describe: "LoRA, diffusers naming (lora_A/lora_B or lora.down/lora.up)",
    priority: 99,
    confidence: 0.85,
    all: [],
    any: ["*.lora_A.weight", "*.lora.down.weight", "*_lora.down.weight"],
    set: { type: "lora", subtype: "diffusers", extra: { algorithm: "lora" } },
    refine: LORA_BASE,
  },
  {
    id: "lora-dotted",
    describe: "LoRA, dotted module names + lora_down/lora_up",
    priority: 98,
    confidence: 0.85,
    all: ["*.lora_down.weight"],
    set: { type: "lora", subtype: null, extra: { algorithm: "lora" } },
    refine: LORA_BASE,
  },
  {
    id: "textual-inversion",
    describe: "Textual inversion embedding (emb_params)",
    priority: 95,
    confidence: 0.85,
    all: ["emb_params"],
    set: { type: "embedding", subtype: "textual-inversion" },
    refine: [
      {
        shape: "emb_params",
        dim: 1,
        values: { "768": { baseModel: "SD1.x" }, "1024": { baseModel: "SD2.x" } },
        because: "token vectors of width {value}: {key}",
      },
    ],
  },
  {
    id: "textual-inversion-sdxl",
    describe: "Textual inversion embedding for both SDXL text encoders (clip_l + clip_g)",
    priority: 95,
    confidence: 0.85,
    all: ["clip_l", "clip_g"],
    set: { type: "embedding", subtype: "textual-inversion", baseModel: "SDXL" },
  },
  {
    id: "textual-inversion-pt",
    describe: "Textual inversion embedding (string_to_param)",
    priority: 95,
    confidence: 0.7,
    all: ["string_to_param*"],
    set: { type: "embedding", subtype: "textual-inversion" },
  },
];
