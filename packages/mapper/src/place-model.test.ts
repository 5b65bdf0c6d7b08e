import path from "node:path";
import { describe, expect, it } from "vitest";
import type { MapperModel } from "./model.js";
import { placeModel } from "./place-model.js";
import { comfyui } from "./profiles/comfyui.js";
import { lmstudio } from "./profiles/lmstudio.js";
import { ollama } from "./profiles/ollama.js";

const sha = (c: string) => c.repeat(64);

function model(over: Partial<MapperModel> = {}): MapperModel {
  return {
    id: "m1",
    name: "Some Model",
    type: "llm",
    subtype: null,
    format: "gguf",
    architecture: "llama",
    baseModel: null,
    quantization: "Q4_K_M",
    tags: [],
    folder: "/lib/llm/m1",
    files: [{ name: "m-Q4_K_M.gguf", path: "/lib/llm/m1/m-Q4_K_M.gguf", size: 10, sha256: sha("a") }],
    primaryFile: "m-Q4_K_M.gguf",
    ...over,
  };
}

const ctx = { target: "/apps/x", suffix: "" };
const paths = (p: ReturnType<typeof placeModel>) => ("items" in p ? p.items.map((i) => i.path) : p.skip);

describe("placeModel", () => {
  it("refuses model records that could write outside the target", () => {
    for (const name of ["../evil.gguf", "/etc/passwd", "a/../../b", "a\\b", "a//b", ""]) {
      const bad = model({ files: [{ name, path: "/lib/x", size: 1 }], primaryFile: name });
      const placed = placeModel(lmstudio, bad, ctx);
      expect(placed).toEqual({ skip: `unsafe file name in the model record: "${name}"` });
    }
    expect(placeModel(lmstudio, model({ files: [] }), ctx)).toEqual({
      skip: "the model record lists no files",
    });
    expect(placeModel(lmstudio, model({ primaryFile: "other.gguf" }), ctx)).toEqual({
      skip: 'primary file "other.gguf" is not among its files',
    });
    const relative = model({
      files: [{ name: "a.gguf", path: "lib/a.gguf", size: 1 }],
      primaryFile: "a.gguf",
    });
    expect(placeModel(lmstudio, relative, ctx)).toEqual({ skip: 'file path is not absolute: "lib/a.gguf"' });
  });

  it("fills {publisher}/{repo} with safe names and records the model-specific folders", () => {
    const placed = placeModel(lmstudio, model({ publisher: "a/b", repo: "org/../name" }), ctx);
    expect(paths(placed)).toEqual(["/apps/x/a-b/unnamed/m-Q4_K_M.gguf"]);
    const plain = placeModel(lmstudio, model(), ctx);
    if (!("items" in plain)) throw new Error(plain.skip);
    expect(plain.items[0]?.path).toBe("/apps/x/mlib/Some Model/m-Q4_K_M.gguf");
    expect(plain.items[0]?.dirs).toEqual(["/apps/x/mlib/Some Model", "/apps/x/mlib"]);
  });

  it("bundles multi-file models, keeps sub-paths, and puts a suffix on the bundle", () => {
    const diffusers = model({
      type: "diffusion",
      format: "diffusers",
      name: "sd15",
      files: [
        { name: "model_index.json", path: "/lib/d/model_index.json", size: 1 },
        { name: "unet/w.safetensors", path: "/lib/d/unet/w.safetensors", size: 1 },
      ],
      primaryFile: "model_index.json",
    });
    const placed = placeModel(comfyui, diffusers, { ...ctx, suffix: "-x" });
    if (!("items" in placed)) throw new Error(placed.skip);
    expect(placed.items.map((i) => i.path)).toEqual([
      "/apps/x/models/diffusers/sd15-x/model_index.json",
      "/apps/x/models/diffusers/sd15-x/unet/w.safetensors",
    ]);
    expect(placed.items[1]?.dirs).toEqual([
      "/apps/x/models/diffusers/sd15-x/unet",
      "/apps/x/models/diffusers/sd15-x",
    ]);
  });

  it("in config mode places files in the farm and adds one config entry", () => {
    const lora = model({
      type: "lora",
      format: "safetensors",
      files: [{ name: "l.safetensors", path: "/lib/l.safetensors", size: 3 }],
      primaryFile: "l.safetensors",
    });
    const placed = placeModel(comfyui, lora, {
      ...ctx,
      config: { farmDir: "/lib/.mlib/farm", section: "mlib", isDefault: true },
    });
    if (!("items" in placed)) throw new Error(placed.skip);
    expect(placed.items.map((i) => [i.type, i.path])).toEqual([
      ["file", "/lib/.mlib/farm/loras/l.safetensors"],
      ["config", path.join("/apps/x", "extra_model_paths.yaml")],
    ]);
    expect(placed.items[1]?.config).toEqual({
      section: "mlib",
      key: "loras",
      basePath: "/lib/.mlib/farm",
      isDefault: true,
    });
  });

  it("says why a model has no place", () => {
    expect(placeModel(comfyui, model(), ctx)).toEqual({ skip: "ComfyUI does not load language models" });
    expect(placeModel(comfyui, model({ type: "unknown", format: "unknown" }), ctx)).toEqual({
      skip: "no ComfyUI folder takes unknown models",
    });
  });

  it("for Ollama: blobs named by sha256, a config blob and a manifest; the projector as its own layer", () => {
    const vlm = model({
      files: [
        { name: "m.gguf", path: "/lib/m.gguf", size: 10, sha256: sha("a") },
        { name: "mmproj-f16.gguf", path: "/lib/mmproj-f16.gguf", size: 5, sha256: sha("b") },
      ],
      primaryFile: "m.gguf",
    });
    const placed = placeModel(ollama, vlm, { ...ctx, suffix: "-2" });
    if (!("items" in placed)) throw new Error(placed.skip);
    const [weights, projector, config, manifest] = placed.items;
    expect(weights).toMatchObject({
      path: `/apps/x/blobs/sha256-${sha("a")}`,
      digest: `sha256:${sha("a")}`,
      type: "file",
    });
    expect(projector).toMatchObject({
      path: `/apps/x/blobs/sha256-${sha("b")}`,
      digest: `sha256:${sha("b")}`,
    });
    expect(config?.type).toBe("generated");
    expect(config?.path).toBe(`/apps/x/blobs/${config?.digest?.replace(":", "-")}`);
    expect(manifest?.path).toBe("/apps/x/manifests/registry.ollama.ai/library/some-model/q4_k_m-2");
    expect(manifest?.dirs).toEqual(["/apps/x/manifests/registry.ollama.ai/library/some-model"]);
    expect(JSON.parse(manifest?.content ?? "").layers.map((l: { mediaType: string }) => l.mediaType)).toEqual(
      ["application/vnd.ollama.image.model", "application/vnd.ollama.image.projector"],
    );
  });
});
