// Parts that ride along with image generators: VAEs, ControlNets, upscalers.
import { UNET_CONTEXT } from "./diffusion.js";
import type { KeySignature, Refinement, SignatureFields } from "./types.js";

/** Latent channels at the decoder input. SD1.x, SD2.x and SDXL share one VAE structure. */
const VAE_LATENT: Refinement = {
  shape: "*decoder.conv_in.weight",
  dim: 1,
  values: {
    "4": { baseCandidates: ["SD1.x", "SD2.x", "SDXL"] },
    "16": { baseCandidates: ["SD3", "FLUX.1"] },
  },
  because:
    "{value}-channel latent: {key}; the structure alone cannot tell which base models of that latent size",
  otherwise: "{value}-channel latent, no base model known for it: {key}",
};

/** Base model of a ControlNet, without the UNet's "refiner" subtype. */
const CONTROL_CONTEXT: Readonly<Record<string, SignatureFields>> = Object.fromEntries(
  Object.entries(UNET_CONTEXT).map(([width, f]) => [
    width,
    { baseModel: f.baseModel, architecture: f.architecture },
  ]),
);

export const COMPONENT_SIGNATURES: KeySignature[] = [
  {
    id: "vae-ldm",
    describe: "VAE (AutoencoderKL), original layout (encoder.down / decoder.up)",
    priority: 40,
    confidence: 0.85,
    all: [
      "*encoder.down.#.block.#.conv1.weight",
      "*decoder.up.#.block.#.conv1.weight",
      "*decoder.conv_in.weight",
    ],
    set: { type: "vae", architecture: "autoencoder-kl" },
    refine: [VAE_LATENT, { when: ["*quant_conv.weight"], set: {}, because: "quant_conv present" }],
  },
  {
    id: "vae-diffusers",
    describe: "VAE (AutoencoderKL), diffusers layout (encoder.down_blocks / decoder.up_blocks)",
    priority: 40,
    confidence: 0.85,
    all: [
      "*encoder.down_blocks.#.resnets.#.conv1.weight",
      "*decoder.up_blocks.#.resnets.#.conv1.weight",
      "*decoder.conv_in.weight",
    ],
    set: { type: "vae", subtype: "diffusers", architecture: "autoencoder-kl" },
    refine: [VAE_LATENT],
  },
  {
    id: "controlnet-ldm",
    describe: "ControlNet, original layout (input_hint_block + zero_convs)",
    priority: 90,
    confidence: 0.9,
    all: ["*input_hint_block.#.weight", "*zero_convs.#.#.weight"],
    set: { type: "controlnet", packaging: "ldm" },
    refine: [
      {
        when: ["*label_emb.*"],
        set: { baseModel: "SDXL", architecture: "sdxl-unet" },
        because: "size conditioning (label_emb), as in SDXL",
      },
      {
        shape: "*input_blocks.#.#.transformer_blocks.#.attn2.to_k.weight",
        dim: 1,
        values: CONTROL_CONTEXT,
        because: "cross-attention width {value}: {key}",
      },
    ],
  },
  {
    id: "controlnet-diffusers",
    describe: "ControlNet, diffusers layout (controlnet_cond_embedding + controlnet_down_blocks)",
    priority: 90,
    confidence: 0.9,
    all: ["controlnet_cond_embedding.conv_in.weight", "controlnet_down_blocks.#.weight"],
    set: { type: "controlnet", packaging: "diffusers" },
    refine: [
      {
        when: ["add_embedding.linear_1.weight"],
        set: { baseModel: "SDXL", architecture: "sdxl-unet" },
        because: "added conditioning (add_embedding), as in SDXL",
      },
      {
        shape: "down_blocks.#.attentions.#.transformer_blocks.#.attn2.to_k.weight",
        dim: 1,
        values: CONTROL_CONTEXT,
        because: "cross-attention width {value}: {key}",
      },
    ],
  },
  {
    id: "controlnet-flux",
    describe: "FLUX ControlNet, diffusers layout (controlnet_x_embedder)",
    priority: 91,
    confidence: 0.85,
    all: ["controlnet_x_embedder.weight"],
    set: { type: "controlnet", architecture: "flux", baseModel: "FLUX.1" },
  },
  {
    id: "controlnet-flux-xlabs",
    describe: "FLUX ControlNet, XLabs layout (double_blocks + controlnet_blocks)",
    priority: 91,
    confidence: 0.85,
    all: ["*double_blocks.#.img_attn.qkv.weight", "controlnet_blocks.#.weight"],
    set: { type: "controlnet", architecture: "flux", baseModel: "FLUX.1" },
  },
  {
    id: "controlnet-sd3",
    describe: "SD3 ControlNet, diffusers layout",
    priority: 90,
    confidence: 0.85,
    all: [
      "controlnet_blocks.#.weight",
      "pos_embed_input.proj.weight",
      "transformer_blocks.#.attn.to_k.weight",
    ],
    none: ["single_transformer_blocks.*"],
    set: { type: "controlnet", architecture: "sd3-mmdit", baseModel: "SD3" },
  },
  {
    id: "esrgan",
    describe: "ESRGAN upscaler, original layout (model.N + RRDB blocks)",
    priority: 40,
    confidence: 0.85,
    all: ["model.0.weight", "model.1.sub.#.RDB1.conv1.0.weight"],
    set: { type: "upscaler", architecture: "esrgan" },
  },
  {
    id: "esrgan-rrdbnet",
    describe: "ESRGAN upscaler, BasicSR RRDBNet layout (conv_first + body.N.rdb1)",
    priority: 40,
    confidence: 0.85,
    all: ["conv_first.weight", "body.#.rdb1.conv1.weight", "conv_body.weight"],
    set: { type: "upscaler", architecture: "esrgan" },
    refine: [
      {
        when: ["conv_up2.weight"],
        shape: "conv_first.weight",
        dim: 1,
        values: {
          "3": { extra: { scale: 4 } },
          "12": { extra: { scale: 2 } },
          "48": { extra: { scale: 1 } },
        },
        because: "{value} input channels after pixel-unshuffle, two 2x up-convolutions: {key}",
      },
    ],
  },
  {
    id: "swinir",
    describe: "SwinIR-style upscaler (residual Swin groups)",
    priority: 40,
    confidence: 0.8,
    all: [
      "conv_first.weight",
      "layers.#.residual_group.blocks.#.attn.relative_position_bias_table",
      "conv_after_body.weight",
    ],
    set: { type: "upscaler", architecture: "swinir" },
  },
];
