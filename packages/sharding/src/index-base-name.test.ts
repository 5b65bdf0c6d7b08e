import { describe, expect, it } from "vitest";
import { indexBaseName } from "./index-base-name.js";

describe("indexBaseName", () => {
  it.each([
    ["model.safetensors.index.json", "model.safetensors"],
    ["pytorch_model.bin.index.json", "pytorch_model.bin"],
    ["diffusion_pytorch_model.safetensors.index.json", "diffusion_pytorch_model.safetensors"],
    ["diffusion_pytorch_model.safetensors.index.fp16.json", "diffusion_pytorch_model.fp16.safetensors"],
    ["model.safetensors.index.bf16.json", "model.bf16.safetensors"],
    ["consolidated.safetensors.index.json", "consolidated.safetensors"],
    ["tf_model.h5.index.json", "tf_model.h5"],
    ["MODEL.SAFETENSORS.INDEX.JSON", "MODEL.SAFETENSORS"],
    ["weights.index.fp16.json", "weights.fp16"],
  ])("%s → %s", (name, expected) => {
    expect(indexBaseName(name)).toBe(expected);
  });

  it.each(["model_index.json", "config.json", "model.safetensors", "tokenizer.json", ".index.json"])(
    "%s is not an index name",
    (name) => {
      expect(indexBaseName(name)).toBeNull();
    },
  );
});
