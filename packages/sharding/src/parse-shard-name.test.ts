import { describe, expect, it } from "vitest";
import { parseShardName } from "./parse-shard-name.js";

describe("parseShardName", () => {
  it.each([
    // Hugging Face safetensors / pytorch / tf / flax shards
    ["model-00001-of-00004.safetensors", "model", "safetensors", 1, 4, "numbered", "model.safetensors"],
    ["pytorch_model-00002-of-00002.bin", "pytorch_model", "bin", 2, 2, "numbered", "pytorch_model.bin"],
    ["tf_model-00001-of-00003.h5", "tf_model", "h5", 1, 3, "numbered", "tf_model.h5"],
    ["flax_model-00001-of-00002.msgpack", "flax_model", "msgpack", 1, 2, "numbered", "flax_model.msgpack"],
    [
      "diffusion_pytorch_model-00001-of-00002.safetensors",
      "diffusion_pytorch_model",
      "safetensors",
      1,
      2,
      "numbered",
      "diffusion_pytorch_model.safetensors",
    ],
    // transformers/diffusers variants put the variant before the shard suffix ...
    [
      "diffusion_pytorch_model.fp16-00002-of-00002.safetensors",
      "diffusion_pytorch_model.fp16",
      "safetensors",
      2,
      2,
      "numbered",
      "diffusion_pytorch_model.fp16.safetensors",
    ],
    // ... and older exports after it; both give the same whole-file name
    [
      "diffusion_pytorch_model-00001-of-00002.fp16.safetensors",
      "diffusion_pytorch_model",
      "fp16.safetensors",
      1,
      2,
      "numbered",
      "diffusion_pytorch_model.fp16.safetensors",
    ],
    // llama.cpp gguf-split names from Llama / Qwen / Mixtral / DeepSeek uploads
    [
      "Meta-Llama-3.1-405B-Instruct-Q4_K_M-00001-of-00005.gguf",
      "Meta-Llama-3.1-405B-Instruct-Q4_K_M",
      "gguf",
      1,
      5,
      "numbered",
      "Meta-Llama-3.1-405B-Instruct-Q4_K_M.gguf",
    ],
    [
      "qwen2.5-72b-instruct-q4_k_m-00012-of-00012.gguf",
      "qwen2.5-72b-instruct-q4_k_m",
      "gguf",
      12,
      12,
      "numbered",
      "qwen2.5-72b-instruct-q4_k_m.gguf",
    ],
    [
      "Mixtral-8x22B-Instruct-v0.1.Q5_K_M-00003-of-00004.gguf",
      "Mixtral-8x22B-Instruct-v0.1.Q5_K_M",
      "gguf",
      3,
      4,
      "numbered",
      "Mixtral-8x22B-Instruct-v0.1.Q5_K_M.gguf",
    ],
    [
      "DeepSeek-R1-UD-IQ1_S-00001-of-00003.gguf",
      "DeepSeek-R1-UD-IQ1_S",
      "gguf",
      1,
      3,
      "numbered",
      "DeepSeek-R1-UD-IQ1_S.gguf",
    ],
    // case variations, unpadded numbers, .ckpt / .pt / .pth
    ["MODEL-00001-OF-00002.SAFETENSORS", "MODEL", "SAFETENSORS", 1, 2, "numbered", "MODEL.SAFETENSORS"],
    ["Model-1-of-3.ckpt", "Model", "ckpt", 1, 3, "numbered", "Model.ckpt"],
    ["weights-002-of-010.pt", "weights", "pt", 2, 10, "numbered", "weights.pt"],
    ["consolidated-00001-of-00002.pth", "consolidated", "pth", 1, 2, "numbered", "consolidated.pth"],
    // byte splits
    ["model.gguf.part1of2", "model", "gguf", 1, 2, "part", "model.gguf"],
    ["llama-2-70b.Q8_0.gguf.part2of2", "llama-2-70b.Q8_0", "gguf", 2, 2, "part", "llama-2-70b.Q8_0.gguf"],
    ["model.gguf.part1-of-3", "model", "gguf", 1, 3, "part", "model.gguf"],
    ["model.GGUF.PART3OF3", "model", "GGUF", 3, 3, "part", "model.GGUF"],
    ["x.safetensors.part0", "x", "safetensors", 0, null, "part", "x.safetensors"],
    ["x.safetensors.part12", "x", "safetensors", 12, null, "part", "x.safetensors"],
    ["weights.part3", "weights", "", 3, null, "part", "weights"],
    ["model.gguf.partaa", "model", "gguf", 1, null, "part", "model.gguf"],
    ["model.gguf.partab", "model", "gguf", 2, null, "part", "model.gguf"],
    ["model.gguf.partba", "model", "gguf", 27, null, "part", "model.gguf"],
    ["model.gguf.001", "model", "gguf", 1, null, "part", "model.gguf"],
    [
      "model-00001-of-00002.gguf.002",
      "model-00001-of-00002",
      "gguf",
      2,
      null,
      "part",
      "model-00001-of-00002.gguf",
    ],
    [
      "llama-2-70b-chat.Q6_K.gguf-split-b",
      "llama-2-70b-chat.Q6_K",
      "gguf",
      2,
      null,
      "part",
      "llama-2-70b-chat.Q6_K.gguf",
    ],
  ] as const)("%s", (name, base, ext, index, total, kind, unshardedName) => {
    expect(parseShardName(name)).toEqual({ base, ext, index, total, kind, unshardedName });
  });

  it.each([
    "model.safetensors",
    "model.safetensors.index.json",
    "pytorch_model.bin.index.json",
    "config.json",
    "Qwen2.5-7B-Instruct-Q4_K_M.gguf",
    "mmproj-model-f16.gguf",
    "-00001-of-00002.gguf", // no base
    "model-00001-of-00002", // no extension
    "model-00001-of-00002.", // empty extension
    "v1-5-pruned-emaonly.ckpt",
    "sd-v1.5.001x",
    "stable-diffusion-v1.5.001", // "5" is a version, not an extension
    "model-1234567890123456-of-2.gguf", // 16 digits: beyond what counts exactly
    "party.party", // letter parts need an extension before .part
    "",
  ])("%s is not a shard name", (name) => {
    expect(parseShardName(name)).toBeNull();
  });

  it("reads only the last segment of POSIX and Windows paths", () => {
    expect(parseShardName("/models/llm/model-00002-of-00003.safetensors")?.index).toBe(2);
    expect(parseShardName("C:\\Users\\me\\models\\model-00003-of-00003.gguf")).toMatchObject({
      base: "model",
      index: 3,
      total: 3,
    });
    expect(parseShardName("dir-00001-of-00002.gguf/readme.md")).toBeNull();
  });

  it("keeps hostile numbers as numbers without expanding anything", () => {
    expect(parseShardName("a-00001-of-99999999.gguf")).toMatchObject({ index: 1, total: 99999999 });
    expect(parseShardName("a-999999999999999-of-2.gguf")).toMatchObject({ index: 999999999999999, total: 2 });
  });

  it("returns null for over-long names and non-strings", () => {
    expect(parseShardName(`${"a".repeat(2000)}-00001-of-00002.gguf`)).toBeNull();
    expect(parseShardName(42 as unknown as string)).toBeNull();
  });
});
