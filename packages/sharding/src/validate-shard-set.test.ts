import { describe, expect, it } from "vitest";
import { ShardingError } from "./sharding-error.js";
import { validateShardSet } from "./validate-shard-set.js";

const shard = (i: number, n = 5, base = "m/model") =>
  `${base}-${String(i).padStart(5, "0")}-of-${String(n).padStart(5, "0")}.safetensors`;

function weightMap(files: string[]) {
  return {
    metadata: { total_size: 1234 },
    weight_map: Object.fromEntries(files.map((f, i) => [`model.layers.${i}.weight`, f])),
  };
}

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ShardingError) return error.code;
    throw error;
  }
  return "no error";
}

describe("validateShardSet by names", () => {
  it("a full set in any order is complete and ordered by index", () => {
    const set = validateShardSet({ files: [shard(3), shard(1), shard(5), shard(2), shard(4)] });
    expect(set).toMatchObject({
      folder: "m",
      baseName: "model.safetensors",
      kind: "numbered",
      total: 5,
      files: [shard(1), shard(2), shard(3), shard(4), shard(5)],
      present: [1, 2, 3, 4, 5],
      missing: [],
      missingCount: 0,
      missingFiles: [],
      complete: true,
      problems: [],
      notes: [],
    });
    expect(set.indexFile).toBeUndefined();
  });

  it("lists missing indices and the names those files would have", () => {
    const set = validateShardSet({ files: [shard(1), shard(3), shard(5)] });
    expect(set.missing).toEqual([2, 4]);
    expect(set.missingFiles).toEqual([shard(2), shard(4)]);
    expect(set.complete).toBe(false);
    expect(set.problems).toEqual([]);
  });

  it("reports totals that disagree and takes the one most names give", () => {
    const set = validateShardSet({ files: [shard(1, 5), shard(3, 5), shard(2, 4)] });
    expect(set.total).toBe(5);
    expect(set.problems).toEqual(["file names disagree on the total: 5 (2 files), 4 (1 file)"]);
    expect(set.complete).toBe(false);
  });

  it("reports duplicate indices written two ways", () => {
    const set = validateShardSet({
      files: ["m/model-1-of-2.gguf", "m/model-00001-of-00002.gguf", "m/model-2-of-2.gguf"],
    });
    expect(set.present).toEqual([1, 2]);
    expect(set.files).toEqual(["m/model-00001-of-00002.gguf", "m/model-1-of-2.gguf", "m/model-2-of-2.gguf"]);
    expect(set.problems).toEqual([
      "shard 1 is given by 2 files: model-00001-of-00002.gguf and model-1-of-2.gguf",
    ]);
    expect(set.complete).toBe(false);
  });

  it("ignores the same path listed twice", () => {
    const set = validateShardSet({ files: [shard(1, 2), shard(1, 2), shard(2, 2)] });
    expect(set.files).toHaveLength(2);
    expect(set.complete).toBe(true);
  });

  it("reports index 0 and indices beyond the total", () => {
    const set = validateShardSet({ files: [shard(0, 2), shard(1, 2), shard(2, 2), shard(7, 2)] });
    expect(set.problems).toEqual([
      "model-00000-of-00002.safetensors: shard 0 is outside 1..2",
      "model-00007-of-00002.safetensors: shard 7 is outside 1..2",
    ]);
    expect(set.present).toEqual([0, 1, 2, 7]);
    expect(set.missingCount).toBe(0);
    expect(set.complete).toBe(false);
  });

  it("reports a total of 0", () => {
    const set = validateShardSet({ files: ["a-00001-of-00000.gguf", "a-00002-of-00000.gguf"] });
    expect(set.problems).toContain("file names give a total of 0");
    expect(set.complete).toBe(false);
  });

  it("counts a hostile total without allocating it", () => {
    const set = validateShardSet({ files: ["x/a-00001-of-99999999.gguf", "x/a-00005-of-99999999.gguf"] });
    expect(set.missingCount).toBe(99999997);
    expect(set.missing).toHaveLength(1000);
    expect(set.missing.slice(0, 4)).toEqual([2, 3, 4, 6]);
    expect(set.missingFiles[0]).toBe("x/a-00002-of-99999999.gguf");
    const huge = validateShardSet({ files: ["a-1-of-999999999999999.gguf"] });
    expect(huge.missingCount).toBe(999999999999998);
  });

  it("notes names that differ only in case", () => {
    const set = validateShardSet({ files: ["Model-00001-of-00002.gguf", "model-00002-of-00002.gguf"] });
    expect(set.complete).toBe(true);
    expect(set.notes).toEqual([
      "names differ in letter case (Model.gguf and model.gguf): case-sensitive systems see different names",
    ]);
  });

  it(".partN without a total counts from 0 when a .part0 exists, else from 1", () => {
    const zero = validateShardSet({ files: ["w/x.safetensors.part0", "w/x.safetensors.part2"] });
    expect(zero).toMatchObject({
      kind: "part",
      total: null,
      missing: [1],
      missingFiles: ["w/x.safetensors.part1"],
    });
    expect(zero.notes).toEqual(["the names do not give a total: parts after 2 cannot be checked"]);
    const one = validateShardSet({ files: ["w/x.bin.part2", "w/x.bin.part3"] });
    expect(one.missing).toEqual([1]);
    const letters = validateShardSet({ files: ["w/x.gguf.partaa", "w/x.gguf.partab", "w/x.gguf.partac"] });
    expect(letters).toMatchObject({ present: [1, 2, 3], complete: true, total: null });
  });

  it("a part set with a stated total is checked against it", () => {
    const set = validateShardSet({ files: ["model.gguf.part1of3", "model.gguf.part3of3"] });
    expect(set).toMatchObject({
      kind: "part",
      total: 3,
      missing: [2],
      missingFiles: ["model.gguf.part2of3"],
    });
    expect(set.notes).toEqual([]);
  });

  it("throws NOT_ONE_SET for files of different sets or non-shards, BAD_INPUT for bad arguments", () => {
    expect(codeOf(() => validateShardSet({ files: [shard(1), shard(2, 5, "m/other")] }))).toBe("NOT_ONE_SET");
    expect(codeOf(() => validateShardSet({ files: [shard(1), shard(2, 5, "n/model")] }))).toBe("NOT_ONE_SET");
    expect(codeOf(() => validateShardSet({ files: ["m/model.gguf.part1", "m/model.gguf.partab"] }))).toBe(
      "NOT_ONE_SET",
    );
    expect(codeOf(() => validateShardSet({ files: [shard(1), "m/config.json"] }))).toBe("NOT_ONE_SET");
    expect(codeOf(() => validateShardSet({ files: [] }))).toBe("BAD_INPUT");
    expect(codeOf(() => validateShardSet({ files: [1] as unknown as string[] }))).toBe("BAD_INPUT");
    expect(codeOf(() => validateShardSet(null as unknown as { files: string[] }))).toBe("BAD_INPUT");
  });
});

describe("validateShardSet with an index", () => {
  const names = [1, 2, 3, 4].map((i) => `model-0000${i}-of-00004.safetensors`);
  const indexFile = "m/model.safetensors.index.json";

  it("takes the files the weight map names out of a folder listing", () => {
    const set = validateShardSet({
      files: ["m/config.json", "m/tokenizer.json", ...names.map((n) => `m/${n}`)],
      indexFile,
      weightMap: weightMap(names),
    });
    expect(set).toMatchObject({
      kind: "index",
      baseName: "model.safetensors",
      indexFile,
      totalSize: 1234,
      total: 4,
      files: names.map((n) => `m/${n}`),
      complete: true,
      problems: [],
      notes: [],
    });
  });

  it("reports named files that are absent", () => {
    const set = validateShardSet({
      files: [`m/${names[0]}`, `m/${names[2]}`],
      indexFile,
      weightMap: weightMap(names),
    });
    expect(set).toMatchObject({ present: [1, 3], missing: [2, 4], missingCount: 2, complete: false });
    expect(set.missingFiles).toEqual([`m/${names[1]}`, `m/${names[3]}`]);
  });

  it("notes shard-like files the index does not name, and leaves them out", () => {
    const stale = ["m/model-00005-of-00005.safetensors", "m/model-00001-of-00002.safetensors"];
    const set = validateShardSet({
      files: [...names.map((n) => `m/${n}`), ...stale],
      indexFile,
      weightMap: weightMap(names),
    });
    expect(set.files).toHaveLength(4);
    expect(set.complete).toBe(true);
    expect(set.notes).toEqual([
      "model.safetensors.index.json does not name model-00005-of-00005.safetensors and model-00001-of-00002.safetensors",
    ]);
  });

  it("reports an index that names fewer files than their names count", () => {
    const set = validateShardSet({
      files: names.map((n) => `m/${n}`),
      indexFile,
      weightMap: weightMap(names.slice(0, 3)),
    });
    expect(set.problems).toEqual(["model.safetensors.index.json names 3 files but their names count 4"]);
    expect(set.files).toHaveLength(3);
    expect(set.notes).toEqual([
      "model.safetensors.index.json does not name model-00004-of-00004.safetensors",
    ]);
    expect(set.complete).toBe(false);
  });

  it("numbers files without shard numbers by name and reports them by name", () => {
    const set = validateShardSet({
      files: ["d/b-weights.safetensors"],
      indexFile: "d/weights.safetensors.index.json",
      weightMap: weightMap(["b-weights.safetensors", "a-weights.safetensors"]),
    });
    expect(set).toMatchObject({
      total: 2,
      present: [2],
      missing: [1],
      missingFiles: ["d/a-weights.safetensors"],
    });
  });

  it("follows names into sub-folders", () => {
    const set = validateShardSet({
      files: ["r/unet/part-1.bin", "r/unet/part-2.bin"],
      indexFile: "r/unet.bin.index.json",
      weightMap: weightMap(["unet/part-1.bin", "unet/part-2.bin"]),
    });
    expect(set.files).toEqual(["r/unet/part-1.bin", "r/unet/part-2.bin"]);
    expect(set.complete).toBe(true);
  });

  it("matches Windows paths to the names in the map", () => {
    const set = validateShardSet({
      files: names.map((n) => `C:\\models\\qwen\\${n}`),
      indexFile: "C:\\models\\qwen\\model.safetensors.index.json",
      weightMap: weightMap(names),
    });
    expect(set.folder).toBe("C:/models/qwen");
    expect(set.files[0]).toBe(`C:\\models\\qwen\\${names[0]}`);
    expect(set.complete).toBe(true);
  });

  it("falls back to file names and reports a weight map that is not one", () => {
    for (const bad of [null, [], "text", { weight_map: 5 }, { weight_map: { a: "../x" } }]) {
      const set = validateShardSet({ files: names.map((n) => `m/${n}`), indexFile, weightMap: bad });
      expect(set.kind).toBe("index");
      expect(set.files).toHaveLength(4);
      expect(set.complete).toBe(false);
      expect(set.problems[0]).toMatch(/^model\.safetensors\.index\.json: /);
    }
  });

  it("checks by file names, with a note, when the map was not read", () => {
    const set = validateShardSet({ files: [`m/${names[0]}`, `m/${names[1]}`, "m/config.json"], indexFile });
    expect(set).toMatchObject({ kind: "index", total: 4, missing: [3, 4], complete: false });
    expect(set.notes).toEqual(["model.safetensors.index.json was not read: checked by file names only"]);
  });

  it("an unreadable index with no shards beside it is not complete", () => {
    const set = validateShardSet({ files: ["m/config.json"], indexFile, weightMap: 7 });
    expect(set).toMatchObject({ files: [], total: null, complete: false });
    expect(set.problems).toEqual(["model.safetensors.index.json: not a JSON object", "no shard files found"]);
  });

  it("reports a map naming two files for one shard number", () => {
    const set = validateShardSet({
      files: [],
      indexFile,
      weightMap: weightMap([
        "model-00001-of-00002.safetensors",
        "model-1-of-2.safetensors",
        "model-00002-of-00002.safetensors",
      ]),
    });
    expect(set.problems).toContain(
      "model.safetensors.index.json names 2 files for shard 1: model-00001-of-00002.safetensors and model-1-of-2.safetensors",
    );
  });

  it("matches diffusers variant indexes to their shards", () => {
    const shards = [
      "diffusion_pytorch_model.fp16-00001-of-00002.safetensors",
      "diffusion_pytorch_model.fp16-00002-of-00002.safetensors",
    ];
    const set = validateShardSet({
      files: shards.map((s) => `unet/${s}`),
      indexFile: "unet/diffusion_pytorch_model.safetensors.index.fp16.json",
    });
    expect(set).toMatchObject({
      baseName: "diffusion_pytorch_model.fp16.safetensors",
      files: shards.map((s) => `unet/${s}`),
      complete: true,
    });
  });
});

describe("validateShardSet on a ShardSet", () => {
  it("re-checks a set after a file was removed", () => {
    const first = validateShardSet({
      files: ["m/a-00001-of-00003.gguf", "m/a-00002-of-00003.gguf", "m/a-00003-of-00003.gguf"],
    });
    expect(first.complete).toBe(true);
    const again = validateShardSet({ ...first, files: first.files.filter((f) => !f.includes("00002-of")) });
    expect(again).toMatchObject({ complete: false, missing: [2], missingFiles: ["m/a-00002-of-00003.gguf"] });
  });
});
