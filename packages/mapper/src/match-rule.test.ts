import { describe, expect, it } from "vitest";
import { findRule, matchRule } from "./match-rule.js";
import type { MapperModel } from "./model.js";
import type { AppProfile } from "./profile.js";

const model: MapperModel = {
  id: "m",
  name: "x",
  type: "lora",
  subtype: null,
  format: "safetensors",
  architecture: null,
  baseModel: "SDXL",
  quantization: null,
  tags: ["Style", "anime"],
  folder: "/lib/m",
  files: [{ name: "x.safetensors", path: "/lib/m/x.safetensors", size: 1 }],
  primaryFile: "x.safetensors",
};

describe("matchRule", () => {
  it("needs every field, any value of a list, case-insensitively", () => {
    expect(matchRule({}, model)).toBe(true);
    expect(matchRule({ type: "LORA", baseModel: ["SD1.x", "sdxl"] }, model)).toBe(true);
    expect(matchRule({ type: "lora", baseModel: "SD1.x" }, model)).toBe(false);
    expect(matchRule({ format: ["gguf", "pickle"] }, model)).toBe(false);
  });

  it("null matches a missing value, * any present one", () => {
    expect(matchRule({ subtype: null }, model)).toBe(true);
    expect(matchRule({ subtype: "*" }, model)).toBe(false);
    expect(matchRule({ baseModel: "*" }, model)).toBe(true);
    expect(matchRule({ baseModel: null }, model)).toBe(false);
    expect(matchRule({ packaging: null }, model)).toBe(true);
    expect(matchRule({ subtype: ["clip-vision", null] }, model)).toBe(true);
  });

  it("tag matches when the model has any of them", () => {
    expect(matchRule({ tag: "style" }, model)).toBe(true);
    expect(matchRule({ tag: ["photo", "ANIME"] }, model)).toBe(true);
    expect(matchRule({ tag: "photo" }, model)).toBe(false);
  });
});

describe("findRule", () => {
  it("returns the first matching rule", () => {
    const profile = {
      rules: [
        { match: { type: "vae" }, folder: "vae" },
        { match: { type: "lora", baseModel: "SDXL" }, folder: "sdxl" },
        { match: { type: "lora" }, folder: "loras" },
      ],
    } as unknown as AppProfile;
    expect(findRule(profile, model)?.folder).toBe("sdxl");
    expect(findRule(profile, { ...model, type: "llm" })).toBeUndefined();
  });
});
