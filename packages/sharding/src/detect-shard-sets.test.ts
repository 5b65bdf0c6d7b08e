import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeShardSet } from "./describe-shard-set.js";
import { type DetectShardSetsOptions, detectShardSets } from "./detect-shard-sets.js";
import { ShardingError } from "./sharding-error.js";

const pad = (n: number) => String(n).padStart(5, "0");
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
/** `prefix-0000i-of-0000n.ext` for each i. */
const shards = (prefix: string, n: number, ext: string, indices = range(1, n)) =>
  indices.map((i) => `${prefix}-${pad(i)}-of-${pad(n)}.${ext}`);
const mapOf = (files: string[]) => ({
  metadata: { total_size: files.length * 1000 },
  weight_map: Object.fromEntries(files.map((f, i) => [`model.layers.${i}.mlp.down_proj.weight`, f])),
});

function run(files: string[], opts?: DetectShardSetsOptions) {
  const result = detectShardSets(files, opts);
  return { ...result, lines: result.sets.map(describeShardSet) };
}

describe("detectShardSets on real-world listings", () => {
  it("Llama 3.1 8B Instruct repo with its index", () => {
    const weights = shards("model", 4, "safetensors");
    const files = [
      ".gitattributes",
      "LICENSE",
      "README.md",
      "config.json",
      "generation_config.json",
      ...weights,
      "model.safetensors.index.json",
      "original/consolidated.00.pth",
      "original/params.json",
      "original/tokenizer.model",
      "special_tokens_map.json",
      "tokenizer.json",
      "tokenizer_config.json",
    ];
    const r = run(files, { indexFiles: { "model.safetensors.index.json": mapOf(weights) } });
    expect(r.lines).toEqual(["model.safetensors: have 4/4, complete"]);
    expect(r.sets[0]).toMatchObject({
      kind: "index",
      indexFile: "model.safetensors.index.json",
      totalSize: 4000,
      files: weights,
    });
    expect(r.standalone).toEqual(files.filter((f) => !weights.includes(f) && !f.endsWith(".index.json")));
  });

  it("the same repo when the index was not read: matched by name, with a note", () => {
    const r = run([
      ...shards("model", 4, "safetensors", [1, 2, 4]),
      "model.safetensors.index.json",
      "config.json",
    ]);
    expect(r.lines).toEqual(["model.safetensors: have 3/4, missing 3"]);
    expect(r.sets[0]?.notes).toEqual([
      "model.safetensors.index.json was not read: checked by file names only",
    ]);
    expect(r.standalone).toEqual(["config.json"]);
  });

  it("an older repo with pytorch .bin and safetensors shards side by side", () => {
    const bin = shards("pytorch_model", 2, "bin");
    const safe = shards("model", 3, "safetensors");
    const r = run(
      [...bin, ...safe, "pytorch_model.bin.index.json", "model.safetensors.index.json", "config.json"],
      {
        indexFiles: {
          "pytorch_model.bin.index.json": mapOf(bin),
          "model.safetensors.index.json": mapOf(safe),
        },
      },
    );
    expect(r.lines).toEqual([
      "model.safetensors: have 3/3, complete",
      "pytorch_model.bin: have 2/2, complete",
    ]);
    expect(r.sets.map((s) => s.indexFile)).toEqual([
      "model.safetensors.index.json",
      "pytorch_model.bin.index.json",
    ]);
    expect(r.standalone).toEqual(["config.json"]);
  });

  it("Qwen2.5 72B GGUF repo: two quant sets and single-file quants in one folder", () => {
    const q4 = shards("qwen2.5-72b-instruct-q4_k_m", 12, "gguf");
    const q8 = shards("qwen2.5-72b-instruct-q8_0", 21, "gguf", [1, 2, 3, 5, 21]);
    const r = run([
      "README.md",
      ...q8,
      "qwen2.5-72b-instruct-q2_k.gguf",
      ...q4,
      "qwen2.5-72b-instruct-q3_k_m-00001-of-00001.gguf",
    ]);
    expect(r.lines).toEqual([
      "qwen2.5-72b-instruct-q4_k_m.gguf: have 12/12, complete",
      "qwen2.5-72b-instruct-q8_0.gguf: have 5/21, missing 4, 6, 7 and 13 more",
    ]);
    expect(r.sets[1]?.missing).toEqual([4, ...range(6, 20)]);
    expect(r.standalone).toEqual([
      "README.md",
      "qwen2.5-72b-instruct-q2_k.gguf",
      "qwen2.5-72b-instruct-q3_k_m-00001-of-00001.gguf",
    ]);
  });

  it("bartowski-style sub-folders per quant, Llama 405B and Mixtral 8x22B", () => {
    const llama = shards(
      "Meta-Llama-3.1-405B-Instruct-Q4_K_M/Meta-Llama-3.1-405B-Instruct-Q4_K_M",
      5,
      "gguf",
    );
    const mixtral = shards("Mixtral-8x22B-v0.1-Q5_K_M/Mixtral-8x22B-v0.1-Q5_K_M", 4, "gguf", [1, 2, 3]);
    const r = run([...mixtral, ...llama, "Meta-Llama-3.1-405B-Instruct-IQ1_M.gguf"]);
    expect(r.lines).toEqual([
      "Meta-Llama-3.1-405B-Instruct-Q4_K_M/Meta-Llama-3.1-405B-Instruct-Q4_K_M.gguf: have 5/5, complete",
      "Mixtral-8x22B-v0.1-Q5_K_M/Mixtral-8x22B-v0.1-Q5_K_M.gguf: have 3/4, missing 4",
    ]);
    expect(r.sets[0]?.folder).toBe("Meta-Llama-3.1-405B-Instruct-Q4_K_M");
    expect(r.standalone).toEqual(["Meta-Llama-3.1-405B-Instruct-IQ1_M.gguf"]);
  });

  it("FLUX.1-dev diffusers layout: an index per component folder", () => {
    const transformer = shards("diffusion_pytorch_model", 3, "safetensors");
    const te2 = shards("model", 2, "safetensors");
    const files = [
      "ae.safetensors",
      "flux1-dev.safetensors",
      "model_index.json",
      "scheduler/scheduler_config.json",
      "text_encoder/model.safetensors",
      ...te2.map((f) => `text_encoder_2/${f}`),
      "text_encoder_2/model.safetensors.index.json",
      ...transformer.map((f) => `transformer/${f}`),
      "transformer/diffusion_pytorch_model.safetensors.index.json",
      "vae/diffusion_pytorch_model.safetensors",
    ];
    const r = run(files, {
      indexFiles: {
        "text_encoder_2/model.safetensors.index.json": mapOf(te2),
        "transformer/diffusion_pytorch_model.safetensors.index.json": mapOf(transformer),
      },
    });
    expect(r.lines).toEqual([
      "text_encoder_2/model.safetensors: have 2/2, complete",
      "transformer/diffusion_pytorch_model.safetensors: have 3/3, complete",
    ]);
    expect(r.standalone).toEqual([
      "ae.safetensors",
      "flux1-dev.safetensors",
      "model_index.json",
      "scheduler/scheduler_config.json",
      "text_encoder/model.safetensors",
      "vae/diffusion_pytorch_model.safetensors",
    ]);
  });

  it("diffusers fp16 variant shards beside the full-precision ones", () => {
    const fp32 = shards("unet/diffusion_pytorch_model", 2, "safetensors");
    const fp16 = shards("unet/diffusion_pytorch_model.fp16", 2, "safetensors", [1]);
    const r = run([...fp32, ...fp16, "unet/diffusion_pytorch_model.safetensors.index.fp16.json"]);
    expect(r.lines).toEqual([
      "unet/diffusion_pytorch_model.fp16.safetensors: have 1/2, missing 2",
      "unet/diffusion_pytorch_model.safetensors: have 2/2, complete",
    ]);
    expect(r.sets[0]?.indexFile).toBe("unet/diffusion_pytorch_model.safetensors.index.fp16.json");
    expect(r.sets[0]?.missingFiles).toEqual(["unet/diffusion_pytorch_model.fp16-00002-of-00002.safetensors"]);
  });

  it("LM Studio folder on Windows", () => {
    const dir = "C:\\Users\\me\\.lmstudio\\models\\lmstudio-community\\Qwen2.5-72B-Instruct-GGUF";
    const files = [
      `${dir}\\Qwen2.5-72B-Instruct-Q4_K_M-00002-of-00002.gguf`,
      `${dir}\\Qwen2.5-72B-Instruct-Q4_K_M-00001-of-00002.gguf`,
      `${dir}\\mmproj-model-f16.gguf`,
    ];
    const r = run(files);
    expect(r.lines).toEqual([
      "C:/Users/me/.lmstudio/models/lmstudio-community/Qwen2.5-72B-Instruct-GGUF/Qwen2.5-72B-Instruct-Q4_K_M.gguf: have 2/2, complete",
    ]);
    expect(r.sets[0]?.files).toEqual([files[1], files[0]]);
    expect(r.standalone).toEqual([files[2]]);
  });

  it("Windows index keyed with other separators than the listing", () => {
    const weights = shards("model", 2, "safetensors");
    const r = run([...weights.map((w) => `D:/hf/${w}`), "D:/hf/model.safetensors.index.json"], {
      indexFiles: { "D:\\hf\\model.safetensors.index.json": mapOf(weights) },
    });
    expect(r.lines).toEqual(["D:/hf/model.safetensors: have 2/2, complete"]);
    expect(r.sets[0]?.indexFile).toBe("D:/hf/model.safetensors.index.json");
    expect(r.standalone).toEqual([]);
  });

  it("byte splits: .partNofM, .partaa, .part0, .001 and -split-a", () => {
    const r = run([
      "a/model.gguf.part1of2",
      "a/model.gguf.part2of2",
      "b/llama-2-70b.Q8_0.gguf.partab",
      "b/llama-2-70b.Q8_0.gguf.partaa",
      "c/x.safetensors.part0",
      "c/x.safetensors.part1",
      "d/m.gguf.001",
      "d/m.gguf.003",
      "e/llama-2-70b-chat.Q6_K.gguf-split-a",
      "e/llama-2-70b-chat.Q6_K.gguf-split-b",
      "f/lonely.gguf.part1",
    ]);
    expect(r.lines).toEqual([
      "a/model.gguf: have 2/2, complete",
      "b/llama-2-70b.Q8_0.gguf: have 2 parts, total unknown, no gaps",
      "c/x.safetensors: have 2 parts, total unknown, no gaps",
      "d/m.gguf: have 2 parts, total unknown, missing 2",
      "e/llama-2-70b-chat.Q6_K.gguf: have 2 parts, total unknown, no gaps",
    ]);
    expect(r.sets.every((s) => s.kind === "part")).toBe(true);
    expect(r.standalone).toEqual(["f/lonely.gguf.part1"]);
  });
});

describe("detectShardSets rules", () => {
  it("a lone file is standalone unless its name says the set has more", () => {
    const r = run(["x-00001-of-00001.gguf", "y-00001-of-00003.gguf", "z.gguf.partaa", "w.gguf.part2of2"]);
    expect(r.lines).toEqual(["w.gguf: have 1/2, missing 1", "y.gguf: have 1/3, missing 2 and 3"]);
    expect(r.standalone).toEqual(["x-00001-of-00001.gguf", "z.gguf.partaa"]);
  });

  it("groups by folder: the same names in two folders are two sets", () => {
    const r = run([...shards("a/model", 2, "gguf"), ...shards("b/model", 2, "gguf", [2])]);
    expect(r.lines).toEqual(["a/model.gguf: have 2/2, complete", "b/model.gguf: have 1/2, missing 1"]);
  });

  it("one set with disagreeing totals, not two", () => {
    const r = run(["m/model-00001-of-00005.gguf", "m/model-00002-of-00004.gguf"]);
    expect(r.sets).toHaveLength(1);
    expect(r.sets[0]?.problems).toEqual(["file names disagree on the total: 5 (1 file), 4 (1 file)"]);
  });

  it("stale shards the index does not name form their own set, and the index set notes them", () => {
    const current = shards("model", 2, "safetensors");
    const stale = shards("model", 3, "safetensors");
    const r = run([...current, ...stale, "model.safetensors.index.json"], {
      indexFiles: { "model.safetensors.index.json": mapOf(current) },
    });
    expect(r.sets.map((s) => [s.kind, s.files.length, s.complete])).toEqual([
      ["index", 2, true],
      ["numbered", 3, true],
    ]);
    expect(r.sets[0]?.notes[0]).toMatch(
      /does not name model-00001-of-00003\.safetensors, model-00002-of-00003/,
    );
  });

  it("an index listed with two spellings is read once", () => {
    const weights = shards("model", 2, "safetensors");
    const r = run(
      [...weights.map((w) => `x/${w}`), "x/model.safetensors.index.json", "x\\model.safetensors.index.json"],
      {
        indexFiles: { "x/model.safetensors.index.json": mapOf(weights) },
      },
    );
    expect(r.lines).toEqual(["x/model.safetensors: have 2/2, complete"]);
    expect(r.sets[0]?.indexFile).toBe("x/model.safetensors.index.json");
    expect(r.standalone).toEqual(["x\\model.safetensors.index.json"]);
  });

  it("an index given only in indexFiles counts as listed", () => {
    const weights = shards("m/model", 2, "safetensors");
    const r = run(weights, {
      indexFiles: { "m/model.safetensors.index.json": mapOf(shards("model", 2, "safetensors")) },
    });
    expect(r.sets[0]).toMatchObject({
      kind: "index",
      indexFile: "m/model.safetensors.index.json",
      complete: true,
    });
  });

  it("an index whose shards are all absent is still a set: it says what to fetch", () => {
    const r = run(["model.safetensors.index.json"], {
      indexFiles: { "model.safetensors.index.json": mapOf(shards("model", 2, "safetensors")) },
    });
    expect(r.lines).toEqual(["model.safetensors: have 0/2, missing 1 and 2"]);
    expect(r.sets[0]?.missingFiles).toEqual(shards("model", 2, "safetensors"));
  });

  it("an unread index with no shards beside it is standalone", () => {
    expect(run(["model.safetensors.index.json", "model.safetensors"]).standalone).toEqual([
      "model.safetensors.index.json",
      "model.safetensors",
    ]);
  });

  it("a bad weight map becomes a problem on its set, not an exception", () => {
    const weights = shards("model", 2, "safetensors");
    for (const bad of [null, 42, "x", [], { weight_map: [] }, { weight_map: { a: "/etc/passwd" } }]) {
      const r = run([...weights, "model.safetensors.index.json"], {
        indexFiles: { "model.safetensors.index.json": bad },
      });
      expect(r.sets).toHaveLength(1);
      expect(r.sets[0]).toMatchObject({ kind: "index", files: weights, complete: false });
      expect(r.sets[0]?.problems[0]).toMatch(/^model\.safetensors\.index\.json: /);
    }
  });

  it("a hostile total is counted, not allocated", () => {
    const r = run(["a-00001-of-99999999.gguf", "a-00002-of-99999999.gguf"]);
    expect(r.lines).toEqual(["a.gguf: have 2/99999999, missing 99999997 files"]);
    expect(r.sets[0]?.missing).toHaveLength(1000);
  });

  it("refuses arguments of the wrong shape with BAD_INPUT", () => {
    for (const [files, opts] of [
      ["a.gguf", undefined],
      [[1], undefined],
      [[], { indexFiles: [] }],
      [[], { indexFiles: "x" }],
    ] as const) {
      let code = "none";
      try {
        detectShardSets(files as unknown as string[], opts as unknown as DetectShardSetsOptions);
      } catch (error) {
        code = error instanceof ShardingError ? error.code : "other";
      }
      expect(code).toBe("BAD_INPUT");
    }
  });

  it("an empty listing has no sets", () => {
    expect(detectShardSets([])).toEqual({ sets: [], standalone: [] });
  });
});

describe("detectShardSets on a real folder", () => {
  it("takes a readdir listing and the parsed index files from disk", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mlib-sharding-"));
    try {
      const weights = shards("model", 3, "safetensors");
      await writeFile(join(dir, "model.safetensors.index.json"), JSON.stringify(mapOf(weights)));
      for (const name of [weights[0], weights[2], "config.json"]) await writeFile(join(dir, name ?? ""), "x");
      const files = (await readdir(dir)).map((name) => join(dir, name));
      const indexFiles: Record<string, unknown> = {};
      for (const file of files.filter((f) => f.endsWith(".index.json"))) {
        indexFiles[file] = JSON.parse(await readFile(file, "utf8"));
      }
      const r = run(files, { indexFiles });
      expect(r.lines).toEqual([`${dir.replaceAll("\\", "/")}/model.safetensors: have 2/3, missing 2`]);
      expect(r.sets[0]?.missingFiles).toEqual([`${dir.replaceAll("\\", "/")}/${weights[1]}`]);
      expect(r.standalone).toEqual([join(dir, "config.json")]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
