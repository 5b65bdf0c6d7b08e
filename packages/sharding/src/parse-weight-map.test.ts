import { describe, expect, it } from "vitest";
import { MAX_WEIGHT_MAP_FILES } from "./limits.js";
import { parseWeightMap } from "./parse-weight-map.js";
import { ShardingError } from "./sharding-error.js";

function badIndex(json: unknown): ShardingError {
  try {
    parseWeightMap(json, "m/model.safetensors.index.json");
  } catch (error) {
    if (error instanceof ShardingError) return error;
    throw error;
  }
  throw new Error("expected a ShardingError");
}

describe("parseWeightMap", () => {
  it("reads a transformers index: distinct files in first-seen order, total size, tensor count", () => {
    const json = JSON.parse(`{
      "metadata": {"total_size": 16060522496},
      "weight_map": {
        "lm_head.weight": "model-00004-of-00004.safetensors",
        "model.embed_tokens.weight": "model-00001-of-00004.safetensors",
        "model.layers.0.mlp.down_proj.weight": "model-00001-of-00004.safetensors",
        "model.layers.20.mlp.up_proj.weight": "model-00002-of-00004.safetensors",
        "model.layers.31.self_attn.o_proj.weight": "model-00003-of-00004.safetensors"
      }
    }`);
    expect(parseWeightMap(json)).toEqual({
      files: [
        "model-00004-of-00004.safetensors",
        "model-00001-of-00004.safetensors",
        "model-00002-of-00004.safetensors",
        "model-00003-of-00004.safetensors",
      ],
      totalSize: 16060522496,
      tensorCount: 5,
    });
  });

  it("normalizes sub-paths and Windows separators", () => {
    const map = parseWeightMap({
      weight_map: { a: "./sub\\x.safetensors", b: "sub/x.safetensors", c: "y.bin" },
    });
    expect(map.files).toEqual(["sub/x.safetensors", "y.bin"]);
    expect(map.totalSize).toBeNull();
  });

  it.each([
    [null, "not a JSON object"],
    [[], "not a JSON object"],
    ["model.safetensors", "not a JSON object"],
    [{}, "weight_map is missing or not an object"],
    [{ weight_map: ["model-00001-of-00002.safetensors"] }, "weight_map is missing or not an object"],
    [{ weight_map: "x" }, "weight_map is missing or not an object"],
    [{ weight_map: {} }, "weight_map is empty"],
    [{ weight_map: { a: 3 } }, 'weight_map entry "a" is not a relative file name'],
    [{ weight_map: { a: "" } }, 'weight_map entry "a" is not a relative file name'],
    [{ weight_map: { a: "/etc/passwd" } }, 'weight_map entry "a" is not a relative file name'],
    [{ weight_map: { a: "C:\\x.bin" } }, 'weight_map entry "a" is not a relative file name'],
    [{ weight_map: { a: "../other/model.safetensors" } }, 'weight_map entry "a" is not a relative file name'],
    [{ weight_map: { a: "x\0y" } }, 'weight_map entry "a" is not a relative file name'],
    [{ weight_map: { a: "./" } }, 'weight_map entry "a" is not a relative file name'],
  ])("%j → BAD_INDEX %s", (json, problem) => {
    const error = badIndex(json);
    expect(error.code).toBe("BAD_INDEX");
    expect(error.message).toBe(`m/model.safetensors.index.json: ${problem}`);
  });

  it("ignores a total_size that is not a finite non-negative number", () => {
    for (const total_size of ["16060522496", -1, null, { n: 1 }]) {
      expect(parseWeightMap({ metadata: { total_size }, weight_map: { a: "x.bin" } }).totalSize).toBeNull();
    }
  });

  it("refuses a map naming more files than any real checkpoint", () => {
    const weight_map: Record<string, string> = {};
    for (let i = 0; i <= MAX_WEIGHT_MAP_FILES; i += 1) weight_map[`t${i}`] = `f${i}.safetensors`;
    const error = badIndex({ weight_map });
    expect(error.code).toBe("BAD_INDEX");
    expect(error.message).toContain(`names more than ${MAX_WEIGHT_MAP_FILES} files`);
  });

  it("accepts many tensors in few files", () => {
    const weight_map: Record<string, string> = {};
    for (let i = 0; i < 200_000; i += 1)
      weight_map[`model.layers.${i}.weight`] = `model-0000${(i % 3) + 1}-of-00003.safetensors`;
    const map = parseWeightMap({ weight_map });
    expect(map.tensorCount).toBe(200_000);
    expect(map.files).toHaveLength(3);
  });

  it("shortens a huge tensor name in the message", () => {
    expect(badIndex({ weight_map: { ["t".repeat(10_000)]: 1 } }).message.length).toBeLessThan(300);
  });
});
