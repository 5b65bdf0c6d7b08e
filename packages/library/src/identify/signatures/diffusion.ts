// Image generators: Stable Diffusion UNets (ldm and diffusers layouts), MMDiT (SD3) and FLUX
// transformers, in every packaging users meet (full checkpoint, UNet/transformer only).
import type { KeySignature, Refinement, SignatureFields } from "./types.js";

/** Cross-attention width = the text encoder's output width, which names the SD generation. */
export const UNET_CONTEXT: Readonly<Record<string, SignatureFields>> = {
  "768": { baseModel: "SD1.x", architecture: "sd1-unet" },
  "1024": { baseModel: "SD2.x", architecture: "sd2-unet" },
  "2048": { baseModel: "SDXL", architecture: "sdxl-unet" },
  "1280": { baseModel: "SDXL Refiner", architecture: "sdxl-refiner-unet", subtype: "refiner" },
};

/** Latent channels + extra conditioning channels at the UNet input. */
const UNET_IN_CHANNELS: Readonly<Record<string, SignatureFields>> = {
  "4": {},
  "9": { subtype: "inpaint" },
  "5": { subtype: "depth" },
  "8": { subtype: "instruct-pix2pix" },
};

const CONTEXT_BECAUSE = "cross-attention width {value}: {key}";
const CONTEXT_OTHERWISE = "cross-attention width {value} matches no known Stable Diffusion generation: {key}";

const LDM_UNET_REFINE: Refinement[] = [
  {
    when: ["first_stage_model.encoder.*"],
    set: { subtype: "checkpoint", packaging: "checkpoint" },
    because: "VAE included (first_stage_model): a full checkpoint",
  },
  {
    when: ["cond_stage_model.transformer.text_model.*"],
    set: { baseModel: "SD1.x", architecture: "sd1-unet" },
    because: "CLIP-L text encoder (cond_stage_model.transformer), as in SD1.x",
  },
  {
    when: ["cond_stage_model.model.transformer.resblocks.*"],
    set: { baseModel: "SD2.x", architecture: "sd2-unet" },
    because: "OpenCLIP-H text encoder (cond_stage_model.model), as in SD2.x",
  },
  {
    when: ["conditioner.embedders.1.model.*"],
    set: { baseModel: "SDXL", architecture: "sdxl-unet" },
    because: "two text encoders (conditioner.embedders.0 CLIP-L, .1 OpenCLIP-G), as in SDXL base",
  },
  {
    when: ["conditioner.embedders.0.model.*"],
    absent: ["conditioner.embedders.1.*"],
    set: { baseModel: "SDXL Refiner", architecture: "sdxl-refiner-unet", subtype: "refiner" },
    because: "only an OpenCLIP-G text encoder (conditioner.embedders.0), as in the SDXL refiner",
  },
  {
    shape: "*input_blocks.#.#.transformer_blocks.#.attn2.to_k.weight",
    dim: 1,
    values: UNET_CONTEXT,
    because: CONTEXT_BECAUSE,
    otherwise: CONTEXT_OTHERWISE,
  },
  {
    shape: "*input_blocks.0.0.weight",
    dim: 1,
    values: UNET_IN_CHANNELS,
    because: "{value} UNet input channels: {key}",
  },
];

const FLUX_VARIANTS: Refinement[] = [
  {
    when: ["*guidance_in.in_layer.weight"],
    set: { subtype: "dev" },
    because: "guidance embedding (guidance_in): guidance-distilled, as FLUX.1 dev",
  },
  {
    absent: ["*guidance_in.*", "*distilled_guidance_layer.*"],
    set: { subtype: "schnell" },
    because: "no guidance embedding: timestep-distilled, as FLUX.1 schnell",
  },
  {
    when: ["*distilled_guidance_layer.*"],
    set: { architecture: "chroma", baseModel: "Chroma", subtype: null },
    because: "distilled_guidance_layer: Chroma, a FLUX.1 schnell derivative",
  },
  {
    shape: "*img_in.weight",
    dim: 1,
    values: { "64": {}, "384": { subtype: "fill" }, "128": { subtype: "control" } },
    because: "{value} image input channels: {key}",
  },
  {
    when: ["first_stage_model.*"],
    set: { packaging: "checkpoint" },
    because: "VAE included: a full checkpoint",
  },
  { when: ["vae.*"], set: { packaging: "checkpoint" }, because: "VAE included: a full checkpoint" },
];

export const DIFFUSION_SIGNATURES: KeySignature[] = [
  {
    id: "sd-ldm-unet",
    describe: "Stable Diffusion UNet, original (ldm) layout",
    priority: 70,
    confidence: 0.9,
    all: ["model.diffusion_model.input_blocks.#.#.weight", "model.diffusion_model.out.#.weight"],
    set: { type: "diffusion", subtype: "unet", packaging: "unet" },
    refine: LDM_UNET_REFINE,
  },
  {
    id: "sd-ldm-unet-bare",
    describe: "Stable Diffusion UNet, original (ldm) layout without prefix",
    priority: 69,
    confidence: 0.85,
    all: ["input_blocks.#.#.weight", "middle_block.#.*", "out.#.weight"],
    set: { type: "diffusion", subtype: "unet", packaging: "unet" },
    refine: LDM_UNET_REFINE,
  },
  {
    id: "sd-diffusers-unet",
    describe: "Stable Diffusion UNet, diffusers layout",
    priority: 68,
    confidence: 0.85,
    all: [
      "conv_in.weight",
      "time_embedding.linear_1.weight",
      "down_blocks.#.resnets.#.conv1.weight",
      "up_blocks.#.resnets.#.conv1.weight",
    ],
    set: { type: "diffusion", subtype: "diffusers-unet", packaging: "diffusers-unet" },
    refine: [
      {
        when: ["add_embedding.linear_1.weight"],
        set: {},
        because: "added time/size conditioning (add_embedding), as in SDXL",
      },
      {
        shape: "*_blocks.#.attentions.#.transformer_blocks.#.attn2.to_k.weight",
        dim: 1,
        values: UNET_CONTEXT,
        because: CONTEXT_BECAUSE,
        otherwise: CONTEXT_OTHERWISE,
      },
      {
        shape: "conv_in.weight",
        dim: 1,
        values: UNET_IN_CHANNELS,
        because: "{value} UNet input channels: {key}",
      },
    ],
  },
  {
    id: "sd3-mmdit",
    describe: "Stable Diffusion 3 MMDiT (joint_blocks)",
    priority: 75,
    confidence: 0.9,
    all: ["*joint_blocks.#.context_block.attn.qkv.weight", "*joint_blocks.#.x_block.attn.qkv.weight"],
    set: {
      type: "diffusion",
      subtype: "transformer",
      packaging: "transformer",
      architecture: "sd3-mmdit",
      baseModel: "SD3",
    },
    refine: [
      {
        when: ["first_stage_model.*"],
        set: { subtype: "checkpoint", packaging: "checkpoint" },
        because: "VAE included (first_stage_model): a full checkpoint",
      },
      {
        when: ["*joint_blocks.#.x_block.attn2.qkv.weight"],
        set: { baseModel: "SD3.5" },
        because: "MMDiT-X blocks with a second attention (x_block.attn2), as in SD3.5 Medium",
      },
      {
        count: "*joint_blocks.#.x_block.attn.qkv.weight",
        atLeast: 38,
        set: { baseModel: "SD3.5" },
        because: "{value} joint blocks, as in SD3.5 Large",
      },
    ],
  },
  {
    id: "sd3-diffusers-transformer",
    describe: "Stable Diffusion 3 MMDiT, diffusers layout",
    priority: 74,
    confidence: 0.85,
    all: ["transformer_blocks.#.attn.add_k_proj.weight", "pos_embed.proj.weight", "context_embedder.weight"],
    none: ["single_transformer_blocks.*"],
    set: {
      type: "diffusion",
      subtype: "transformer",
      packaging: "diffusers-transformer",
      architecture: "sd3-mmdit",
      baseModel: "SD3",
    },
    refine: [
      {
        when: ["transformer_blocks.#.attn2.to_k.weight"],
        set: { baseModel: "SD3.5" },
        because: "second attention per block (attn2), as in SD3.5 Medium",
      },
      {
        count: "transformer_blocks.#.attn.to_k.weight",
        atLeast: 38,
        set: { baseModel: "SD3.5" },
        because: "{value} transformer blocks, as in SD3.5 Large",
      },
    ],
  },
  {
    id: "flux",
    describe: "FLUX transformer (double_blocks + single_blocks)",
    priority: 75,
    confidence: 0.9,
    all: ["*double_blocks.#.img_attn.qkv.weight", "*single_blocks.#.linear1.weight", "*img_in.weight"],
    set: {
      type: "diffusion",
      subtype: "transformer",
      packaging: "transformer",
      architecture: "flux",
      baseModel: "FLUX.1",
    },
    refine: FLUX_VARIANTS,
  },
  {
    id: "flux-diffusers-transformer",
    describe: "FLUX transformer, diffusers layout",
    priority: 75,
    confidence: 0.85,
    all: [
      "transformer_blocks.#.attn.add_k_proj.weight",
      "single_transformer_blocks.#.attn.to_k.weight",
      "x_embedder.weight",
      "context_embedder.weight",
    ],
    set: {
      type: "diffusion",
      subtype: "transformer",
      packaging: "diffusers-transformer",
      architecture: "flux",
      baseModel: "FLUX.1",
    },
    refine: [
      {
        when: ["time_text_embed.guidance_embedder.linear_1.weight"],
        set: { subtype: "dev" },
        because: "guidance embedder: guidance-distilled, as FLUX.1 dev",
      },
      {
        absent: ["time_text_embed.guidance_embedder.*"],
        set: { subtype: "schnell" },
        because: "no guidance embedder: timestep-distilled, as FLUX.1 schnell",
      },
      {
        shape: "x_embedder.weight",
        dim: 1,
        values: { "64": {}, "384": { subtype: "fill" }, "128": { subtype: "control" } },
        because: "{value} image input channels: {key}",
      },
    ],
  },
  {
    id: "wan",
    describe: "Wan video diffusion transformer",
    priority: 72,
    confidence: 0.8,
    all: ["*blocks.#.cross_attn.k.weight", "*patch_embedding.weight", "*text_embedding.#.weight"],
    set: {
      type: "diffusion",
      subtype: "transformer",
      packaging: "transformer",
      architecture: "wan",
      baseModel: "Wan",
    },
  },
  {
    id: "pixart",
    describe: "PixArt diffusion transformer",
    priority: 72,
    confidence: 0.8,
    all: ["*blocks.#.cross_attn.q_linear.weight", "*x_embedder.proj.weight", "*t_block.#.weight"],
    set: {
      type: "diffusion",
      subtype: "transformer",
      packaging: "transformer",
      architecture: "pixart",
      baseModel: "PixArt",
    },
  },
];
