import { describe, expect, it } from "vitest";
import { describeShardSet } from "./describe-shard-set.js";
import { validateShardSet } from "./validate-shard-set.js";

const numbered = (indices: number[], total: number, folder = "models/x") =>
  indices.map(
    (i) => `${folder}/model-${String(i).padStart(5, "0")}-of-${String(total).padStart(5, "0")}.safetensors`,
  );

describe("describeShardSet", () => {
  it.each([
    [[1, 2, 3, 4, 5], 5, "models/x/model.safetensors: have 5/5, complete"],
    [[1, 3, 5], 5, "models/x/model.safetensors: have 3/5, missing 2 and 4"],
    [[1, 3], 5, "models/x/model.safetensors: have 2/5, missing 2, 4 and 5"],
    [[1], 7, "models/x/model.safetensors: have 1/7, missing 2, 3, 4, 5, 6 and 7"],
    [[1, 3], 45, "models/x/model.safetensors: have 2/45, missing 2, 4, 5 and 40 more"],
    [[1], 99999999, "models/x/model.safetensors: have 1/99999999, missing 99999998 files"],
  ])("%j of %i", (indices, total, expected) => {
    expect(describeShardSet(validateShardSet({ files: numbered(indices, total) }))).toBe(expected);
  });

  it("appends problems and counts only in-range shards as had", () => {
    const set = validateShardSet({
      files: [...numbered([1, 2], 2, "m"), "m/model-00003-of-00002.safetensors"],
    });
    expect(describeShardSet(set)).toBe(
      "m/model.safetensors: have 2/2; model-00003-of-00002.safetensors: shard 3 is outside 1..2",
    );
  });

  it("says what it can for parts without a total", () => {
    expect(describeShardSet(validateShardSet({ files: ["model.gguf.partaa", "model.gguf.partab"] }))).toBe(
      "model.gguf: have 2 parts, total unknown, no gaps",
    );
    expect(describeShardSet(validateShardSet({ files: ["w/x.bin.part0", "w/x.bin.part3"] }))).toBe(
      "w/x.bin: have 2 parts, total unknown, missing 1 and 2",
    );
  });

  it("names missing files of an index whose names carry no numbers", () => {
    const set = validateShardSet({
      files: ["d/b.safetensors"],
      indexFile: "d/weights.safetensors.index.json",
      weightMap: { weight_map: { x: "a.safetensors", y: "b.safetensors", z: "c.safetensors" } },
    });
    expect(describeShardSet(set)).toBe(
      "d/weights.safetensors: have 1/3, missing a.safetensors and c.safetensors",
    );
  });

  it("uses shard numbers for an index of numbered shards", () => {
    const set = validateShardSet({
      files: numbered([1], 2, "q"),
      indexFile: "q/model.safetensors.index.json",
      weightMap: {
        weight_map: { a: "model-00001-of-00002.safetensors", b: "model-00002-of-00002.safetensors" },
      },
    });
    expect(describeShardSet(set)).toBe("q/model.safetensors: have 1/2, missing 2");
  });
});
