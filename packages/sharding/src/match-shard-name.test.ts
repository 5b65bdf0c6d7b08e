import { describe, expect, it } from "vitest";
import { matchShardName } from "./match-shard-name.js";

describe("matchShardName().render", () => {
  it.each([
    ["model-00001-of-00004.safetensors", 3, "model-00003-of-00004.safetensors"],
    ["Model-1-OF-12.ckpt", 10, "Model-10-OF-12.ckpt"],
    [
      "diffusion_pytorch_model-00001-of-00002.fp16.safetensors",
      2,
      "diffusion_pytorch_model-00002-of-00002.fp16.safetensors",
    ],
    ["model.gguf.part1of3", 2, "model.gguf.part2of3"],
    ["model.gguf.PART01-of-03", 3, "model.gguf.PART03-of-03"],
    ["x.safetensors.part0", 1, "x.safetensors.part1"],
    ["model.gguf.partaa", 3, "model.gguf.partac"],
    ["model.gguf.PARTAA", 27, "model.gguf.PARTBA"],
    ["model.gguf.001", 12, "model.gguf.012"],
    ["m.Q6_K.gguf-split-a", 2, "m.Q6_K.gguf-split-b"],
  ])("%s → shard %i is %s", (name, index, expected) => {
    expect(matchShardName(name)?.render(index)).toBe(expected);
  });

  it("names its scheme, so .part1 and .partaa of one file are not mixed", () => {
    expect(matchShardName("m.gguf.part1")?.scheme).toBe("part");
    expect(matchShardName("m.gguf.partaa")?.scheme).toBe("letters");
    expect(matchShardName("m.gguf.001")?.scheme).toBe("dot");
    expect(matchShardName("m.gguf-split-a")?.scheme).toBe("split");
    expect(matchShardName("m-00001-of-00002.gguf")?.scheme).toBe("of");
  });

  it("answers on long names built to make a regex backtrack", () => {
    // A backtracking blow-up would hang here until the test timeout; no timing is asserted.
    expect(matchShardName(`${"-1-of-1".repeat(140)}.1`)).toBeNull();
    expect(matchShardName(`${"a.part".repeat(160)}.partaa!`)).toBeNull();
    expect(matchShardName(`${".gguf".repeat(200)}-1-of-2.x`)?.total).toBe(2);
  });
});
