import { describe, expect, it } from "vitest";
import { groupVariants } from "./group-variants.js";
import type { RepoFile } from "./types.js";

const listing = (sizes: Record<string, number>): RepoFile[] =>
  Object.entries(sizes).map(([path, size]) => ({ path, size, lfs: size > 1000, sha256: "a".repeat(64) }));

describe("groupVariants", () => {
  it("makes one GGUF variant per quantization, shards together, projector attached", () => {
    const variants = groupVariants(
      listing({
        "README.md": 10,
        "model-Q4_K_M.gguf": 4000,
        "model-Q8_0-00001-of-00002.gguf": 5000,
        "model-Q8_0-00002-of-00002.gguf": 3000,
        "mmproj-model-f16.gguf": 600,
        "mmproj-model-Q8_0.gguf": 300,
        "IQ2_XXS/model-00001-of-00002.gguf": 1500,
      }),
    );
    expect(variants.map((v) => [v.name, v.kind, v.size, v.complete])).toEqual([
      ["IQ2_XXS", "gguf", 1500 + 600, false],
      ["Q4_K_M", "gguf", 4600, true],
      ["Q8_0", "gguf", 8600, true],
    ]);
    const q8 = variants.find((v) => v.name === "Q8_0");
    expect(q8).toMatchObject({
      quantization: "Q8_0",
      weights: ["model-Q8_0-00001-of-00002.gguf", "model-Q8_0-00002-of-00002.gguf"],
      mmproj: "mmproj-model-f16.gguf",
    });
    expect(q8?.files).toContain("mmproj-model-f16.gguf");
  });

  it("names GGUF variants by file when the quantization repeats or is missing", () => {
    const names = groupVariants(
      listing({ "a/x-Q4_K_M.gguf": 2000, "b/x-Q4_K_M.gguf": 2000, "plain.gguf": 2000 }),
    ).map((v) => v.name);
    expect(names).toEqual(["a/x-Q4_K_M", "b/x-Q4_K_M", "plain"]);
  });

  it("keeps a safetensors set with its index, configs and tokenizer", () => {
    const variants = groupVariants(
      listing({
        ".gitattributes": 50,
        "README.md": 90,
        "config.json": 700,
        "generation_config.json": 100,
        "model-00001-of-00002.safetensors": 5000,
        "model-00002-of-00002.safetensors": 2000,
        "model.safetensors.index.json": 900,
        "tokenizer.json": 900,
        "tokenizer.model": 500,
        "pytorch_model.bin.index.json": 400,
        "pytorch_model.bin": 7000,
      }),
    );
    expect(variants).toHaveLength(1);
    expect(variants[0]).toMatchObject({
      name: "safetensors",
      kind: "safetensors",
      complete: true,
      size: 10100,
    });
    expect([...(variants[0]?.files ?? [])].sort()).toEqual([
      "config.json",
      "generation_config.json",
      "model-00001-of-00002.safetensors",
      "model-00002-of-00002.safetensors",
      "model.safetensors.index.json",
      "tokenizer.json",
      "tokenizer.model",
    ]);
  });

  it("makes diffusers variants per dtype and keeps root checkpoints apart", () => {
    const variants = groupVariants(
      listing({
        "model_index.json": 500,
        "sd_xl_base_1.0.safetensors": 9000,
        "unet/config.json": 100,
        "unet/diffusion_pytorch_model.safetensors": 8000,
        "unet/diffusion_pytorch_model.fp16.safetensors": 4000,
        "vae/config.json": 100,
        "vae/diffusion_pytorch_model.safetensors": 3000,
        "tokenizer/vocab.json": 200,
      }),
    );
    expect(variants.map((v) => v.name)).toEqual(["safetensors", "diffusers", "diffusers-fp16"]);
    expect(variants[0]?.files).toEqual(["sd_xl_base_1.0.safetensors"]);
    expect(variants[2]?.weights).toEqual([
      "unet/diffusion_pytorch_model.fp16.safetensors",
      "vae/diffusion_pytorch_model.safetensors",
    ]);
    expect(variants[2]?.files).toEqual(
      expect.arrayContaining([
        "model_index.json",
        "unet/config.json",
        "vae/config.json",
        "tokenizer/vocab.json",
      ]),
    );
    expect(variants[1]?.files).not.toContain("sd_xl_base_1.0.safetensors");
  });

  it("finds nothing to group in a repo without weights", () => {
    expect(groupVariants(listing({ "README.md": 1, "config.json": 2 }))).toEqual([]);
  });
});
