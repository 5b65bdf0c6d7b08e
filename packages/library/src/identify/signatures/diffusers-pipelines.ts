// diffusers `model_index.json` `_class_name` → base model, and component config `_class_name`
// → component type. Refined by component configs (cross_attention_dim, in_channels ...).
import type { ModelType } from "../types.js";

export interface PipelineInfo {
  baseModel: string | null;
  architecture?: string;
  subtype?: string;
}

export const DIFFUSERS_PIPELINES: Readonly<Record<string, PipelineInfo>> = {
  StableDiffusionPipeline: { baseModel: "SD1.x", architecture: "sd1-unet" },
  StableDiffusionImg2ImgPipeline: { baseModel: "SD1.x", architecture: "sd1-unet" },
  StableDiffusionInpaintPipeline: { baseModel: "SD1.x", architecture: "sd1-unet", subtype: "inpaint" },
  StableDiffusionDepth2ImgPipeline: { baseModel: "SD2.x", architecture: "sd2-unet", subtype: "depth" },
  StableDiffusionUpscalePipeline: { baseModel: "SD2.x", architecture: "sd2-unet", subtype: "upscale" },
  StableDiffusionXLPipeline: { baseModel: "SDXL", architecture: "sdxl-unet" },
  StableDiffusionXLImg2ImgPipeline: { baseModel: "SDXL", architecture: "sdxl-unet" },
  StableDiffusionXLInpaintPipeline: { baseModel: "SDXL", architecture: "sdxl-unet", subtype: "inpaint" },
  StableDiffusion3Pipeline: { baseModel: "SD3", architecture: "sd3-mmdit" },
  FluxPipeline: { baseModel: "FLUX.1", architecture: "flux" },
  FluxFillPipeline: { baseModel: "FLUX.1", architecture: "flux", subtype: "fill" },
  FluxKontextPipeline: { baseModel: "FLUX.1", architecture: "flux", subtype: "kontext" },
  ChromaPipeline: { baseModel: "Chroma", architecture: "chroma" },
  PixArtAlphaPipeline: { baseModel: "PixArt", architecture: "pixart" },
  PixArtSigmaPipeline: { baseModel: "PixArt", architecture: "pixart" },
  AuraFlowPipeline: { baseModel: "AuraFlow", architecture: "auraflow" },
  HunyuanDiTPipeline: { baseModel: "HunyuanDiT", architecture: "hunyuan-dit" },
  SanaPipeline: { baseModel: "Sana", architecture: "sana" },
  LuminaText2ImgPipeline: { baseModel: "Lumina", architecture: "lumina" },
  QwenImagePipeline: { baseModel: "Qwen-Image", architecture: "qwen-image" },
  HiDreamImagePipeline: { baseModel: "HiDream", architecture: "hidream" },
  StableCascadeCombinedPipeline: { baseModel: "Stable Cascade", architecture: "stable-cascade" },
  KandinskyV22Pipeline: { baseModel: "Kandinsky 2.2", architecture: "kandinsky" },
  StableVideoDiffusionPipeline: { baseModel: "SVD", architecture: "svd-unet" },
  WanPipeline: { baseModel: "Wan", architecture: "wan" },
  LTXPipeline: { baseModel: "LTX-Video", architecture: "ltx-video" },
  CogVideoXPipeline: { baseModel: "CogVideoX", architecture: "cogvideox" },
  HunyuanVideoPipeline: { baseModel: "HunyuanVideo", architecture: "hunyuan-video" },
};

/** Component `_class_name` → type of a component folder on its own. */
export const DIFFUSERS_COMPONENTS: ReadonlyArray<[RegExp, ModelType]> = [
  [/ControlNet/, "controlnet"],
  [/^Autoencoder/, "vae"],
  [
    /^(UNet2DConditionModel|UNetSpatioTemporalConditionModel)$|Transformer2DModel$|Transformer3DModel$|TransformerModel$/,
    "diffusion",
  ],
];

/** Component `_class_name` → base model, for classes only one base uses. */
export const COMPONENT_BASES: Readonly<Record<string, string>> = {
  FluxTransformer2DModel: "FLUX.1",
  SD3Transformer2DModel: "SD3",
  WanTransformer3DModel: "Wan",
  ChromaTransformer2DModel: "Chroma",
  FluxControlNetModel: "FLUX.1",
  SD3ControlNetModel: "SD3",
};
