// transformers `config.json` → model type. The `architectures` class name says the head
// (CausalLM, SequenceClassification ...); `model_type` names the architecture.
import type { ModelType } from "../types.js";

/** First match wins; tested against each entry of `architectures`. */
export const HF_ARCHITECTURE_TYPES: ReadonlyArray<[RegExp, ModelType]> = [
  [/^Whisper|^Wav2Vec2|^Hubert|^Speech|^Seamless|^Wavlm|^Clap/i, "audio"],
  [/ForSequenceClassification$/, "reranker"],
  [/ForCausalLM$|LMHeadModel$|^T5ForConditionalGeneration$|^Bart|^MT5ForConditionalGeneration$/, "llm"],
  [/ForConditionalGeneration$|ForVision2Seq$|ForImageTextToText$/, "vlm"],
  [/^(CLIPTextModel|CLIPTextModelWithProjection|T5EncoderModel|UMT5EncoderModel)$/, "text-encoder"],
  [/^(CLIPVisionModel|CLIPVisionModelWithProjection|SiglipVisionModel)$/, "vision"],
  [/^(CLIPModel|SiglipModel|Siglip2Model)$/, "embedding"],
  [/^(ViT|Dinov2|ConvNext|ConvNextV2|Swin|Swinv2|Beit|Deit|ResNet|EfficientNet|MobileNetV2)\w*$/, "vision"],
  [
    /^(Bert|XLMRoberta|Roberta|NomicBert|MPNet|DistilBert|ModernBert|Electra|DebertaV2|Deberta|Camembert|NewModel|Gte|JinaBert)\w*Model$/,
    "embedding",
  ],
];

/** model_type values whose positions start after 2 reserved ids (padding offset). */
export const POSITION_OFFSET_2 = new Set(["roberta", "xlm-roberta", "camembert"]);

/** Config keys that hold the context length, in order of preference. */
export const CONTEXT_KEYS = [
  "max_position_embeddings",
  "n_positions",
  "max_sequence_length",
  "seq_length",
  "n_ctx",
];

/** `torch_dtype` / `dtype` → precision label. */
export const TORCH_DTYPES: Readonly<Record<string, string>> = {
  float32: "F32",
  float16: "F16",
  bfloat16: "BF16",
  float8_e4m3fn: "FP8",
};
