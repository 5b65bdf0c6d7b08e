// Encoders: text encoders used by image generators (CLIP text towers, T5), sentence-embedding
// and reranker models (BERT family), CLIP vision towers, speech (Whisper) and image backbones.
import type { KeySignature, Refinement } from "./types.js";

const BERT_CORE = ["*embeddings.word_embeddings.weight", "*encoder.layer.#.attention.self.query.weight"];

/** BERT has two token types; RoBERTa-style models one, and their positions start at 2. */
const BERT_FAMILY: Refinement[] = [
  {
    shape: "*embeddings.position_embeddings.weight",
    dim: 0,
    because: "{value} position embeddings: {key}",
  },
  {
    whereShape: { key: "*embeddings.token_type_embeddings.weight", dim: 0, is: 1 },
    shape: "*embeddings.position_embeddings.weight",
    dim: 0,
    contextLengthOffset: -2,
    because: "one token type, RoBERTa-style: {value} position embeddings less the 2 reserved: {key}",
  },
  {
    whereShape: { key: "*embeddings.token_type_embeddings.weight", dim: 0, is: 1 },
    set: { architecture: "roberta" },
    because: "one token type (RoBERTa family)",
  },
  {
    shape: "*embeddings.word_embeddings.weight",
    dim: 0,
    values: { "250002": { architecture: "xlm-roberta" }, "30522": {} },
    because: "vocabulary of {value} tokens: {key}",
  },
  { when: ["*pooler.dense.weight"], set: {}, because: "pooler present (pooler.dense)" },
];

const CLIP_TEXT_WIDTH = {
  "768": { subtype: "clip-l" },
  "1024": { subtype: "clip-h" },
  "1280": { subtype: "clip-g" },
  "512": { subtype: "clip-b" },
};

const T5_WIDTH = {
  "4096": { subtype: "t5-xxl" },
  "2048": { subtype: "t5-xl" },
  "1024": { subtype: "t5-large" },
  "768": { subtype: "t5-base" },
  "512": { subtype: "t5-small" },
};

export const ENCODER_SIGNATURES: KeySignature[] = [
  {
    id: "clip-text",
    describe: "CLIP text encoder, transformers layout (text_model.encoder.layers)",
    priority: 50,
    confidence: 0.9,
    all: [
      "text_model.embeddings.token_embedding.weight",
      "text_model.encoder.layers.#.self_attn.k_proj.weight",
    ],
    none: ["vision_model.*"],
    set: { type: "text-encoder", architecture: "clip-text" },
    refine: [
      {
        shape: "text_model.embeddings.token_embedding.weight",
        dim: 1,
        values: CLIP_TEXT_WIDTH,
        because: "hidden width {value}: {key}",
        otherwise: "hidden width {value} is no CLIP text encoder size known here: {key}",
      },
      {
        shape: "text_model.embeddings.position_embedding.weight",
        dim: 0,
        because: "{value} token positions: {key}",
      },
    ],
  },
  {
    id: "clip-text-openclip",
    describe: "CLIP text encoder, OpenCLIP layout (transformer.resblocks)",
    priority: 50,
    confidence: 0.85,
    all: ["transformer.resblocks.#.attn.in_proj_weight", "token_embedding.weight", "ln_final.weight"],
    none: ["visual.*"],
    set: { type: "text-encoder", architecture: "clip-text" },
    refine: [
      {
        shape: "token_embedding.weight",
        dim: 1,
        values: CLIP_TEXT_WIDTH,
        because: "hidden width {value}: {key}",
      },
      { shape: "positional_embedding", dim: 0, because: "{value} token positions: {key}" },
    ],
  },
  {
    id: "t5-encoder",
    describe: "T5 encoder (encoder.block.N.layer), no decoder",
    priority: 50,
    confidence: 0.9,
    all: ["encoder.block.#.layer.#.SelfAttention.q.weight", "encoder.final_layer_norm.weight"],
    none: ["decoder.block.*"],
    set: { type: "text-encoder", architecture: "t5" },
    refine: [
      {
        shape: "encoder.block.0.layer.0.SelfAttention.q.weight",
        dim: 1,
        values: T5_WIDTH,
        because: "model width {value}: {key}",
        otherwise: "model width {value} is no T5 size known here: {key}",
      },
      {
        when: ["encoder.block.1.layer.0.SelfAttention.relative_attention_bias.weight"],
        set: { architecture: "umt5" },
        because: "relative attention bias in every block, as in UMT5",
      },
    ],
  },
  {
    id: "bert-embedding",
    describe: "BERT-family encoder without a task head (sentence embeddings)",
    priority: 55,
    confidence: 0.8,
    all: BERT_CORE,
    set: { type: "embedding", architecture: "bert" },
    refine: [
      ...BERT_FAMILY,
      { when: ["cls.predictions.*"], set: {}, because: "masked-language-model head (cls.predictions)" },
    ],
  },
  {
    id: "bert-classifier",
    describe: "BERT-family encoder with a sequence classification head",
    priority: 58,
    confidence: 0.85,
    all: BERT_CORE,
    any: ["classifier.weight", "classifier.out_proj.weight"],
    set: { type: "unknown", subtype: "sequence-classifier", architecture: "bert" },
    refine: [
      ...BERT_FAMILY,
      {
        shape: "classifier.weight",
        dim: 0,
        values: { "1": { type: "reranker", subtype: null } },
        because: "classification head with {value} output, a relevance score: {key}",
        otherwise: "classification head with {value} outputs: a text classifier, not a reranker: {key}",
      },
      {
        shape: "classifier.out_proj.weight",
        dim: 0,
        values: { "1": { type: "reranker", subtype: null } },
        because: "classification head with {value} output, a relevance score: {key}",
        otherwise: "classification head with {value} outputs: a text classifier, not a reranker: {key}",
      },
    ],
  },
  {
    id: "nomic-bert",
    describe: "BERT-family encoder with fused Wqkv (nomic-bert)",
    priority: 55,
    confidence: 0.8,
    all: ["*encoder.layers.#.attn.Wqkv.weight", "*emb_ln.weight"],
    set: { type: "embedding", architecture: "nomic-bert" },
  },
  {
    id: "modernbert",
    describe: "ModernBERT encoder",
    priority: 55,
    confidence: 0.8,
    all: ["*layers.#.attn.Wqkv.weight", "*embeddings.tok_embeddings.weight"],
    set: { type: "embedding", architecture: "modernbert" },
  },
  {
    id: "clip",
    describe: "CLIP with text and vision towers",
    priority: 52,
    confidence: 0.85,
    all: ["vision_model.encoder.layers.#.*", "text_model.encoder.layers.#.*"],
    set: { type: "embedding", subtype: "clip", architecture: "clip" },
    refine: [
      {
        when: ["vision_model.head.*"],
        set: { architecture: "siglip" },
        because: "attention-pooling head (SigLIP)",
      },
    ],
  },
  {
    id: "clip-vision",
    describe: "CLIP vision tower (vision_model.encoder.layers)",
    priority: 50,
    confidence: 0.85,
    all: [
      "vision_model.encoder.layers.#.self_attn.k_proj.weight",
      "vision_model.embeddings.patch_embedding.weight",
    ],
    none: ["text_model.*"],
    set: { type: "vision", subtype: "clip-vision", architecture: "clip-vision" },
    refine: [
      {
        shape: "vision_model.embeddings.patch_embedding.weight",
        dim: 0,
        values: {
          "768": { extra: { variant: "ViT-B" } },
          "1024": { extra: { variant: "ViT-L" } },
          "1280": { extra: { variant: "ViT-H" } },
          "1664": { extra: { variant: "ViT-bigG" } },
        },
        because: "vision width {value}: {key}",
      },
      {
        when: ["vision_model.head.*"],
        set: { architecture: "siglip-vision" },
        because: "attention-pooling head (SigLIP)",
      },
    ],
  },
  {
    id: "whisper",
    describe: "Whisper speech model (conv front end + encoder + decoder)",
    priority: 60,
    confidence: 0.9,
    all: [
      "model.encoder.conv1.weight",
      "model.encoder.conv2.weight",
      "model.decoder.layers.#.encoder_attn.k_proj.weight",
    ],
    set: { type: "audio", architecture: "whisper" },
    refine: [
      {
        shape: "model.encoder.conv1.weight",
        dim: 0,
        values: {
          "384": { subtype: "whisper-tiny" },
          "512": { subtype: "whisper-base" },
          "768": { subtype: "whisper-small" },
          "1024": { subtype: "whisper-medium" },
          "1280": { subtype: "whisper-large" },
        },
        because: "model width {value}: {key}",
      },
      { shape: "model.encoder.embed_positions.weight", dim: 0, because: "{value} audio positions: {key}" },
    ],
  },
  {
    id: "whisper-openai",
    describe: "Whisper speech model, OpenAI layout (encoder.blocks / decoder.blocks)",
    priority: 60,
    confidence: 0.85,
    all: [
      "encoder.conv1.weight",
      "encoder.blocks.#.attn.query.weight",
      "decoder.blocks.#.cross_attn.query.weight",
    ],
    set: { type: "audio", architecture: "whisper" },
  },
  {
    id: "wav2vec2",
    describe: "wav2vec 2.0 speech encoder",
    priority: 60,
    confidence: 0.8,
    all: ["*feature_extractor.conv_layers.#.conv.weight", "*encoder.layers.#.attention.k_proj.weight"],
    set: { type: "audio", architecture: "wav2vec2" },
  },
  {
    id: "vit",
    describe: "Vision transformer, transformers layout",
    priority: 45,
    confidence: 0.75,
    all: [
      "*embeddings.patch_embeddings.projection.weight",
      "*encoder.layer.#.attention.attention.query.weight",
    ],
    set: { type: "vision", architecture: "vit" },
    refine: [
      {
        when: ["*encoder.layer.#.layer_scale1.lambda1"],
        set: { architecture: "dinov2" },
        because: "layer scale (DINOv2)",
      },
    ],
  },
  {
    id: "vit-timm",
    describe: "Vision transformer, timm layout",
    priority: 45,
    confidence: 0.7,
    all: ["patch_embed.proj.weight", "blocks.#.attn.qkv.weight", "cls_token"],
    set: { type: "vision", architecture: "vit" },
    refine: [
      {
        when: ["blocks.#.ls1.gamma", "mask_token"],
        set: { architecture: "dinov2" },
        because: "layer scale and mask token (DINOv2)",
      },
    ],
  },
];
