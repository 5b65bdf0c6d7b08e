import { describe, expect, it } from "vitest";
import { FACET_MARK, facetToken } from "./facet-token.js";

describe("facetToken", () => {
  it("is the mark, the field's letter and lowercase hex, whatever the value", () => {
    for (const value of ["llm", "Q4_K_M", "text-encoder", 'a "b" c', "日本語", ""]) {
      expect(facetToken("type", value)).toMatch(new RegExp(`^${FACET_MARK}t[0-9a-f]*$`));
    }
    expect(facetToken("type", "llm")).toBe(`${FACET_MARK}t6c6c6d`);
  });

  it("is case-insensitive and exact", () => {
    expect(facetToken("quantization", "Q4_K_M")).toBe(facetToken("quantization", "q4_k_m"));
    expect(facetToken("quantization", "Q4_K")).not.toBe(facetToken("quantization", "Q4_K_M"));
    expect(facetToken("tag", "Français")).toBe(facetToken("tag", "FRANÇAIS"));
  });

  it("differs between fields for the same value", () => {
    expect(facetToken("type", "llama")).not.toBe(facetToken("architecture", "llama"));
  });
});
