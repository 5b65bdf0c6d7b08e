// Tensor tables of real models: real tensor names, and real values for the dimensions the
// identification rules read (cross-attention width, input channels, hidden sizes, vocabulary).
// Every other dimension is tiny, and the files are sparse, so the fixtures cost no disk.
import type { TensorSpec } from "./safetensors-writer.js";

export type Table = Array<[string, TensorSpec]>;

const t = (shape: number[], dtype = "F16"): TensorSpec => ({ shape, dtype });

const SD_VAE = (prefix: string, latent = 4, dtype = "F32"): Table => [
  [`${prefix}encoder.conv_in.weight`, t([8, 3, 3, 3], dtype)],
  [`${prefix}encoder.down.0.block.0.conv1.weight`, t([8, 8, 3, 3], dtype)],
  [`${prefix}encoder.mid.attn_1.q.weight`, t([8, 8, 1, 1], dtype)],
  [`${prefix}decoder.conv_in.weight`, t([8, latent, 3, 3], dtype)],
  [`${prefix}decoder.up.0.block.0.conv1.weight`, t([8, 8, 3, 3], dtype)],
  ...(latent === 4
    ? ([
        [`${prefix}quant_conv.weight`, t([8, 8, 1, 1], dtype)],
        [`${prefix}post_quant_conv.weight`, t([4, 4, 1, 1], dtype)],
      ] as Table)
    : []),
];

const CLIP_TEXT = (prefix: string, width: number, dtype = "F16"): Table => [
  [`${prefix}text_model.embeddings.token_embedding.weight`, t([49408, width], dtype)],
  [`${prefix}text_model.embeddings.position_embedding.weight`, t([77, width], dtype)],
  [`${prefix}text_model.encoder.layers.0.self_attn.k_proj.weight`, t([width, width], dtype)],
  [`${prefix}text_model.encoder.layers.0.self_attn.q_proj.weight`, t([width, width], dtype)],
  [`${prefix}text_model.encoder.layers.0.mlp.fc1.weight`, t([4, width], dtype)],
  [`${prefix}text_model.final_layer_norm.weight`, t([width], dtype)],
];

const OPEN_CLIP = (prefix: string, width: number): Table => [
  [`${prefix}model.token_embedding.weight`, t([16, width])],
  [`${prefix}model.positional_embedding`, t([77, width])],
  [`${prefix}model.transformer.resblocks.0.attn.in_proj_weight`, t([3 * width, width])],
  [`${prefix}model.ln_final.weight`, t([width])],
];

/** A Stable Diffusion UNet in the ldm layout: `first` is the block holding the first attention. */
const LDM_UNET = (prefix: string, channels: number, context: number, inChannels = 4, first = 1): Table => [
  [`${prefix}input_blocks.0.0.weight`, t([channels, inChannels, 3, 3])],
  [`${prefix}input_blocks.0.0.bias`, t([channels])],
  [`${prefix}input_blocks.${first}.1.transformer_blocks.0.attn1.to_q.weight`, t([channels, channels])],
  [`${prefix}input_blocks.${first}.1.transformer_blocks.0.attn2.to_k.weight`, t([channels, context])],
  [`${prefix}input_blocks.${first}.1.transformer_blocks.0.attn2.to_v.weight`, t([channels, context])],
  [`${prefix}middle_block.1.transformer_blocks.0.attn2.to_k.weight`, t([channels, context])],
  [`${prefix}time_embed.0.weight`, t([4, channels])],
  [`${prefix}out.0.weight`, t([channels])],
  [`${prefix}out.2.weight`, t([4, channels, 3, 3])],
];

export const SD15_CHECKPOINT: Table = [
  ...LDM_UNET("model.diffusion_model.", 320, 768),
  ...SD_VAE("first_stage_model."),
  ...CLIP_TEXT("cond_stage_model.transformer.", 768),
];

export const SD15_INPAINT: Table = [
  ...LDM_UNET("model.diffusion_model.", 320, 768, 9),
  ...SD_VAE("first_stage_model."),
  ...CLIP_TEXT("cond_stage_model.transformer.", 768),
];

export const SD2_CHECKPOINT: Table = [
  ...LDM_UNET("model.diffusion_model.", 320, 1024),
  ...SD_VAE("first_stage_model."),
  ...OPEN_CLIP("cond_stage_model.", 1024),
];

export const SDXL_CHECKPOINT: Table = [
  ...LDM_UNET("model.diffusion_model.", 320, 2048, 4, 4).map(([name, spec]): [string, TensorSpec] =>
    name.includes("transformer_blocks") && name.includes("input_blocks")
      ? [name, t([640, spec.shape[1] as number])]
      : [name, spec],
  ),
  ["model.diffusion_model.label_emb.0.0.weight", t([1280, 2816])],
  ...SD_VAE("first_stage_model."),
  ...CLIP_TEXT("conditioner.embedders.0.transformer.", 768),
  ...OPEN_CLIP("conditioner.embedders.1.", 1280),
];

export const SDXL_REFINER: Table = [
  ...LDM_UNET("model.diffusion_model.", 384, 1280, 4, 4),
  ["model.diffusion_model.label_emb.0.0.weight", t([1536, 2560])],
  ...SD_VAE("first_stage_model."),
  ...OPEN_CLIP("conditioner.embedders.0.", 1280),
];

export const SDXL_UNET_ONLY: Table = LDM_UNET("", 320, 2048, 4, 4);

export const SD3_CHECKPOINT: Table = [
  ["model.diffusion_model.x_embedder.proj.weight", t([1536, 16, 2, 2])],
  ["model.diffusion_model.context_embedder.weight", t([1536, 4096])],
  ...[0, 1].flatMap(
    (i): Table => [
      [`model.diffusion_model.joint_blocks.${i}.context_block.attn.qkv.weight`, t([12, 1536])],
      [`model.diffusion_model.joint_blocks.${i}.x_block.attn.qkv.weight`, t([12, 1536])],
    ],
  ),
  ...SD_VAE("first_stage_model.", 16),
  ...CLIP_TEXT("text_encoders.clip_l.transformer.", 768),
];

/** FLUX.1 dev transformer in FP8 (e4m3fn) with BF16 norms and embedders, as published. */
export const FLUX_DEV_FP8: Table = [
  ["img_in.weight", t([3072, 64], "BF16")],
  ["txt_in.weight", t([3072, 4096], "BF16")],
  ["time_in.in_layer.weight", t([3072, 256], "BF16")],
  ["guidance_in.in_layer.weight", t([3072, 256], "BF16")],
  ...[0, 1].flatMap(
    (i): Table => [
      [`double_blocks.${i}.img_attn.qkv.weight`, t([9216, 3072], "F8_E4M3")],
      [`double_blocks.${i}.txt_attn.qkv.weight`, t([9216, 3072], "F8_E4M3")],
      [`double_blocks.${i}.img_attn.norm.query_norm.scale`, t([128], "BF16")],
    ],
  ),
  ["single_blocks.0.linear1.weight", t([21504, 3072], "F8_E4M3")],
  ["final_layer.linear.weight", t([64, 3072], "BF16")],
];

export const SDXL_VAE: Table = SD_VAE("");

export const DIFFUSERS_VAE: Table = [
  ["encoder.conv_in.weight", t([8, 3, 3, 3], "F32")],
  ["encoder.down_blocks.0.resnets.0.conv1.weight", t([8, 8, 3, 3], "F32")],
  ["decoder.conv_in.weight", t([8, 16, 3, 3], "F32")],
  ["decoder.up_blocks.0.resnets.0.conv1.weight", t([8, 8, 3, 3], "F32")],
];

const KOHYA = (module: string, rank: number, inDim: number, outDim: number, dtype = "F16"): Table => [
  [`${module}.lora_down.weight`, t([rank, inDim], dtype)],
  [`${module}.lora_up.weight`, t([outDim, rank], dtype)],
  [`${module}.alpha`, t([], "F32")],
];

export const KOHYA_SD15_LORA: Table = [
  ...KOHYA("lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_k", 8, 768, 320),
  ...KOHYA("lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_q", 8, 320, 320),
  ...KOHYA("lora_te_text_model_encoder_layers_0_self_attn_k_proj", 8, 768, 768),
];

export const KOHYA_SDXL_LORA: Table = [
  ...KOHYA("lora_unet_input_blocks_4_1_transformer_blocks_0_attn2_to_k", 16, 2048, 640),
  ...KOHYA("lora_unet_output_blocks_0_1_transformer_blocks_0_attn1_to_q", 16, 1280, 1280),
  ...KOHYA("lora_te1_text_model_encoder_layers_0_self_attn_k_proj", 16, 768, 768),
  ...KOHYA("lora_te2_text_model_encoder_layers_0_self_attn_k_proj", 16, 1280, 1280),
];

export const PEFT_LLM_LORA: Table = [0, 1].flatMap(
  (i): Table => [
    [`base_model.model.model.layers.${i}.self_attn.q_proj.lora_A.weight`, t([16, 4096], "F32")],
    [`base_model.model.model.layers.${i}.self_attn.q_proj.lora_B.weight`, t([4096, 16], "F32")],
    [`base_model.model.model.layers.${i}.self_attn.v_proj.lora_A.weight`, t([16, 4096], "F32")],
    [`base_model.model.model.layers.${i}.self_attn.v_proj.lora_B.weight`, t([1024, 16], "F32")],
  ],
);

export const FLUX_DIFFUSERS_LORA: Table = [
  ["transformer.single_transformer_blocks.0.attn.to_k.lora_A.weight", t([16, 3072], "BF16")],
  ["transformer.single_transformer_blocks.0.attn.to_k.lora_B.weight", t([3072, 16], "BF16")],
  ["transformer.transformer_blocks.0.attn.to_k.lora_A.weight", t([16, 3072], "BF16")],
  ["transformer.transformer_blocks.0.attn.to_k.lora_B.weight", t([3072, 16], "BF16")],
];

export const LYCORIS_LOHA_SD15: Table = [
  ["lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_k.hada_w1_a", t([320, 4])],
  ["lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_k.hada_w1_b", t([4, 768])],
  ["lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_k.hada_w2_a", t([320, 4])],
  ["lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_k.hada_w2_b", t([4, 768])],
  ["lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_k.alpha", t([], "F32")],
];

export const CLIP_L: Table = CLIP_TEXT("", 768);

export const CLIP_G: Table = [...CLIP_TEXT("", 1280), ["text_projection.weight", t([1280, 1280])]];

export const T5_XXL_ENCODER: Table = [
  ["shared.weight", t([32128, 4096])],
  ["encoder.block.0.layer.0.SelfAttention.q.weight", t([4096, 4096])],
  ["encoder.block.0.layer.0.SelfAttention.k.weight", t([4096, 4096])],
  ["encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight", t([32, 64])],
  ["encoder.block.0.layer.1.DenseReluDense.wi_0.weight", t([8, 4096])],
  ["encoder.block.1.layer.0.SelfAttention.q.weight", t([4096, 4096])],
  ["encoder.final_layer_norm.weight", t([4096])],
];

export const CONTROLNET_SD15: Table = [
  ["control_model.input_hint_block.0.weight", t([16, 3, 3, 3], "F32")],
  ["control_model.zero_convs.0.0.weight", t([320, 320, 1, 1], "F32")],
  ["control_model.input_blocks.0.0.weight", t([320, 4, 3, 3], "F32")],
  ["control_model.input_blocks.1.1.transformer_blocks.0.attn2.to_k.weight", t([320, 768], "F32")],
  ["control_model.middle_block_out.0.weight", t([1280, 1280, 1, 1], "F32")],
];

export const ESRGAN_X4: Table = [
  ["conv_first.weight", t([64, 3, 3, 3], "F32")],
  ["body.0.rdb1.conv1.weight", t([32, 64, 3, 3], "F32")],
  ["body.0.rdb1.conv2.weight", t([32, 96, 3, 3], "F32")],
  ["conv_body.weight", t([64, 64, 3, 3], "F32")],
  ["conv_up1.weight", t([64, 64, 3, 3], "F32")],
  ["conv_up2.weight", t([64, 64, 3, 3], "F32")],
  ["conv_hr.weight", t([64, 64, 3, 3], "F32")],
  ["conv_last.weight", t([3, 64, 3, 3], "F32")],
];

export const ESRGAN_OLD: Table = [
  ["model.0.weight", t([64, 3, 3, 3], "F32")],
  ["model.1.sub.0.RDB1.conv1.0.weight", t([32, 64, 3, 3], "F32")],
  ["model.1.sub.23.weight", t([64, 64, 3, 3], "F32")],
  ["model.3.weight", t([64, 64, 3, 3], "F32")],
];

/** One decoder layer of a Llama-3-8B-shaped model, shapes cut to 64 wide except the vocabulary. */
export const LLAMA_LAYER = (i: number, dtype = "BF16"): Table => [
  [`model.layers.${i}.input_layernorm.weight`, t([64], dtype)],
  [`model.layers.${i}.self_attn.q_proj.weight`, t([64, 64], dtype)],
  [`model.layers.${i}.self_attn.k_proj.weight`, t([16, 64], dtype)],
  [`model.layers.${i}.self_attn.v_proj.weight`, t([16, 64], dtype)],
  [`model.layers.${i}.self_attn.o_proj.weight`, t([64, 64], dtype)],
  [`model.layers.${i}.mlp.gate_proj.weight`, t([224, 64], dtype)],
  [`model.layers.${i}.mlp.up_proj.weight`, t([224, 64], dtype)],
  [`model.layers.${i}.mlp.down_proj.weight`, t([64, 224], dtype)],
  [`model.layers.${i}.post_attention_layernorm.weight`, t([64], dtype)],
];

export const QWEN2_LAYER = (i: number): Table => [
  ...LLAMA_LAYER(i),
  [`model.layers.${i}.self_attn.q_proj.bias`, t([64], "BF16")],
  [`model.layers.${i}.self_attn.k_proj.bias`, t([16], "BF16")],
];

/** BERT (e.g. all-MiniLM / bge) without prefix, as sentence-transformers saves it. */
export const BERT_EMBEDDING: Table = [
  ["embeddings.word_embeddings.weight", t([30522, 384], "F32")],
  ["embeddings.position_embeddings.weight", t([512, 384], "F32")],
  ["embeddings.token_type_embeddings.weight", t([2, 384], "F32")],
  ["embeddings.LayerNorm.weight", t([384], "F32")],
  ["encoder.layer.0.attention.self.query.weight", t([384, 384], "F32")],
  ["encoder.layer.0.attention.self.key.weight", t([384, 384], "F32")],
  ["encoder.layer.0.intermediate.dense.weight", t([8, 384], "F32")],
  ["pooler.dense.weight", t([384, 384], "F32")],
];

/** XLM-RoBERTa cross-encoder (bge-reranker shape): one output score. */
export const XLMR_RERANKER: Table = [
  ["roberta.embeddings.word_embeddings.weight", t([250002, 1024])],
  ["roberta.embeddings.position_embeddings.weight", t([8194, 1024])],
  ["roberta.embeddings.token_type_embeddings.weight", t([1, 1024])],
  ["roberta.encoder.layer.0.attention.self.query.weight", t([1024, 1024])],
  ["classifier.dense.weight", t([1024, 1024])],
  ["classifier.out_proj.weight", t([1, 1024])],
];

export const DIFFUSERS_SDXL_UNET: Table = [
  ["conv_in.weight", t([320, 4, 3, 3])],
  ["time_embedding.linear_1.weight", t([1280, 320])],
  ["add_embedding.linear_1.weight", t([1280, 2816])],
  ["down_blocks.0.resnets.0.conv1.weight", t([320, 320, 3, 3])],
  ["down_blocks.1.attentions.0.transformer_blocks.0.attn2.to_k.weight", t([640, 2048])],
  ["up_blocks.0.resnets.0.conv1.weight", t([1280, 2560, 3, 3])],
];
