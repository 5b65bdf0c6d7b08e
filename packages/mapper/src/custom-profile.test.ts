import { describe, expect, it } from "vitest";
import { customProfile } from "./custom-profile.js";
import { MapperError } from "./mapper-error.js";
import { describeAcceptance } from "./test-utils/acceptance.js";
import { filesOf } from "./test-utils/library-fixture.js";

const profile = customProfile({
  id: "my-app",
  name: "My app",
  rules: [
    { match: { tag: "favorite" }, folder: "favorites" },
    { match: { type: "lora", baseModel: "SDXL" }, folder: "sdxl/loras" },
    { match: { type: "lora" }, folder: "loras" },
    { match: { format: "gguf", type: ["llm", "vlm"] }, folder: "llm" },
    { match: { type: "diffusion", format: "diffusers" }, folder: "pipelines", bundle: "always" },
  ],
});

describeAcceptance("custom profile from user rules", {
  profile,
  layout: [],
  expected: () => ({
    "sdxl-ckpt": filesOf("sdxl-ckpt", "favorites"),
    "lora-sdxl": filesOf("lora-sdxl", "sdxl/loras"),
    "lora-sd15": filesOf("lora-sd15", "loras"),
    "lora-flux": filesOf("lora-flux", "loras"),
    "lora-lyco": filesOf("lora-lyco", "loras"),
    "llm-llama-q4": filesOf("llm-llama-q4", "llm"),
    "llm-llama-q8": filesOf("llm-llama-q8", "llm"),
    "llm-qwen-shards": filesOf("llm-qwen-shards", "llm/qwen2.5-7b-instruct-q4_k_m"),
    "vlm-gemma": filesOf("vlm-gemma", "llm/gemma-3-4b-it-Q4_K_M"),
    "vlm-qwen2vl": filesOf("vlm-qwen2vl", "llm/Qwen2-VL-2B-Instruct-Q4_K_M"),
    "sd15-diffusers": filesOf("sd15-diffusers", "pipelines/stable-diffusion-v1-5"),
  }),
  removeModel: "sd15-diffusers",
  syncDropModel: "lora-lyco",
  conflictModel: "sdxl-ckpt",
});

describe("customProfile", () => {
  it("checks rules and says which one is wrong", () => {
    const bad = (rules: unknown, message: string) =>
      expect(() => customProfile({ rules } as never)).toThrow(new MapperError("BAD_PROFILE", message));
    bad([], 'custom profile: "rules" must be a non-empty list');
    bad(
      [{ match: {}, folder: "/etc" }],
      'custom profile rule 1: folder "/etc" must be relative to the target',
    );
    bad(
      [
        { match: {}, folder: "a" },
        { match: {}, folder: "a/../../b" },
      ],
      'custom profile rule 2: folder "a/../../b" must not climb out of the target (..)',
    );
    bad(
      [{ match: { colour: "red" }, folder: "x" }],
      'custom profile rule 1: unknown match field "colour" (use type, subtype, format, architecture, baseModel, packaging, tag)',
    );
    bad(
      [{ match: { type: 3 }, folder: "x" }],
      "custom profile rule 1: match.type must be a string, null or a list of them",
    );
    bad([{ match: "lora", folder: "x" }], 'custom profile rule 1: "match" must be an object');
    bad([{ match: {}, folder: 7 }], 'custom profile rule 1: "folder" must be a string');
  });

  it("normalises folders and refuses an unusable id", () => {
    expect(customProfile({ rules: [{ match: {}, folder: "./a//b/" }] }).rules[0]?.folder).toBe("a/b");
    expect(customProfile({ rules: [{ match: {}, folder: "" }] })).toMatchObject({
      id: "custom",
      name: "Custom",
    });
    expect(() => customProfile({ id: "My App", rules: [{ match: {}, folder: "x" }] })).toThrow(/id "My App"/);
  });
});
