import { describe, expect, it } from "vitest";
import { facetToken } from "./facet-token.js";
import { modelFacets } from "./model-facets.js";
import { makeModel } from "./test-utils/make-model.js";
import { validateModel } from "./validate-model.js";

describe("modelFacets", () => {
  it("lists one token per value, space-padded, skipping unset fields", () => {
    const m = validateModel(makeModel({ id: "a", quantization: "Q8_0", tags: ["chat", "code"] }), "/i");
    const text = modelFacets(m);
    expect(text.startsWith(" ") && text.endsWith(" ")).toBe(true);
    const tokens = text.trim().split(" ");
    expect(tokens).toEqual([
      facetToken("type", "llm"),
      facetToken("format", "gguf"),
      facetToken("quantization", "Q8_0"),
      facetToken("source", "import"),
      facetToken("tag", "chat"),
      facetToken("tag", "code"),
    ]);
  });
});
