import { describe, expect, it } from "vitest";
import { hex } from "../test-utils/sample-metadata.js";
import { MODEL_ID_PATTERN } from "./metadata-schema.js";
import { assignModelId, modelSlug } from "./model-id.js";

describe("modelSlug", () => {
  it.each([
    ["Meta-Llama-3.1-8B-Instruct-Q4_K_M", "meta-llama-3.1-8b-instruct-q4_k_m"],
    ["  Ünïcode Model (v2)!! ", "unicode-model-v2"],
    ["../../etc", "etc"],
    ["日本語", "model"],
    ["x".repeat(100), "x".repeat(48)],
  ])("%s → %s", (name, slug) => {
    expect(modelSlug(name)).toBe(slug);
  });
});

describe("assignModelId", () => {
  const sha = `deadbeef${hex("0").slice(8)}`;

  it("is the slug and the first 8 hex digits of the sha256", async () => {
    const id = await assignModelId("Llama 3", sha, () => false);
    expect(id).toBe("llama-3-deadbeef");
    expect(id).toMatch(MODEL_ID_PATTERN);
  });

  it("uses more of the hash when the short id is taken by another file", async () => {
    const taken = new Set(["llama-3-deadbeef"]);
    const id = await assignModelId("Llama 3", sha, (c) => taken.has(c));
    expect(id).toBe("llama-3-deadbeef0000");
    expect(id).toMatch(MODEL_ID_PATTERN);
  });

  it("adds a counter only when every hash length is taken (same primary file)", async () => {
    const id = await assignModelId("Llama 3", sha, (c) => !c.endsWith("-3"));
    expect(id).toBe(`llama-3-${sha}-3`);
    expect(id).toMatch(MODEL_ID_PATTERN);
  });
});
