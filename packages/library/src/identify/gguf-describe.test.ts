import { GGMLQuantizationType as T } from "@huggingface/gguf";
import { describe, expect, it } from "vitest";
import { describeGguf } from "./gguf-describe.js";
import type { GgufHeader, GgufTensorInfo, GgufValue } from "./gguf-header.js";

function header(metadata: Record<string, GgufValue>, tensors: Partial<GgufTensorInfo>[] = []): GgufHeader {
  const full = tensors.map((t, i) => ({
    name: `t${i}`,
    shape: [32, 2],
    type: T.F16,
    offset: 0,
    elements: 64,
    ...t,
  }));
  return {
    version: 3,
    littleEndian: true,
    metadata: new Map(Object.entries(metadata)),
    tensors: full,
    dataOffset: 0,
    parameterCount: full.reduce((n, t) => n + t.elements, 0),
    fileSize: 1 << 20,
  };
}

const describeOne = (h: GgufHeader, fileName = "model.gguf") =>
  describeGguf({ primary: h, parts: [h], fileName, shards: null, evidence: [] });

describe("describeGguf", () => {
  it.each<[string, Record<string, GgufValue>, Partial<GgufTensorInfo>[], object]>([
    [
      "an audio-only projector",
      { "general.architecture": "clip", "clip.has_audio_encoder": true, "clip.has_vision_encoder": false },
      [],
      { type: "audio", subtype: "mmproj" },
    ],
    [
      "clip keys without general.type",
      { "general.architecture": "llava", "clip.projector_type": "mlp" },
      [],
      { type: "vision", subtype: "mmproj" },
    ],
    [
      "a T5 encoder for image models",
      { "general.architecture": "t5encoder", "t5encoder.context_length": 512 },
      [],
      { type: "text-encoder", contextLength: 512 },
    ],
    [
      "SDXL from ComfyUI-GGUF",
      { "general.architecture": "sdxl" },
      [],
      { type: "diffusion", baseModel: "SDXL" },
    ],
    ["a vocoder", { "general.architecture": "wavtokenizer-dec" }, [], { type: "audio" }],
    [
      "an architecture new to us with layers and a context",
      { "general.architecture": "futurenet", "futurenet.context_length": 65536, "futurenet.block_count": 40 },
      [],
      { type: "llm", architecture: "futurenet", contextLength: 65536, confidence: 0.95 },
    ],
    [
      "an architecture with a vocabulary only",
      { "general.architecture": "futurenet", "tokenizer.ggml.model": "gpt2" },
      [],
      { type: "llm", confidence: 0.8 },
    ],
    [
      "an architecture with nothing to go on",
      { "general.architecture": "mystery" },
      [],
      { type: "unknown", confidence: 0.5 },
    ],
    [
      "a Qwen3 embedding model (last-token pooling on an LLM architecture)",
      { "general.architecture": "qwen3", "qwen3.pooling_type": 3, "qwen3.context_length": 32768 },
      [],
      { type: "embedding", architecture: "qwen3" },
    ],
    [
      "a reranker known by its output labels",
      {
        "general.architecture": "qwen3",
        "qwen3.classifier.output_labels": ["yes"],
        "qwen3.context_length": 32768,
      },
      [],
      { type: "reranker" },
    ],
    [
      "a fine-tune naming its base model",
      {
        "general.architecture": "llama",
        "llama.context_length": 8192,
        "llama.block_count": 32,
        "general.base_model.0.name": "Llama 3.1 8B",
      },
      [],
      { type: "llm", baseModel: "Llama 3.1 8B" },
    ],
  ])("%s", (_label, metadata, tensors, expected) => {
    expect(describeOne(header(metadata, tensors))).toMatchObject(expected);
  });

  it("uses the file name for quantization only when the header is silent, and says so", () => {
    const id = describeOne(header({ "general.architecture": "llama" }), "x-Q5_K_M.gguf");
    expect(id.quantization).toBe("Q5_K_M");
    expect(id.evidence).toContainEqual({
      source: "name",
      detail: "file name says Q5_K_M; the header does not say",
      strength: "weak",
    });
  });

  it("turns 64-bit integers into JSON-safe values and never keeps a chat template", () => {
    const id = describeOne(
      header({
        "general.architecture": "llama",
        "x.small": 5n,
        "x.big": 2n ** 60n,
        "tokenizer.chat_template": "{{ bos_token }}",
        "tokenizer.chat_template.tool_use": { omitted: "string", length: 9000 },
      }),
    );
    expect(id.fields).toMatchObject({
      "x.small": 5,
      "x.big": "1152921504606846976",
      "tokenizer.chat_template": { omitted: "string", length: 15 },
      "tokenizer.chat_template.tool_use": { omitted: "string", length: 9000 },
      hasChatTemplate: true,
    });
  });
});
