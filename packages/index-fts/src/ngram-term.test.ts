import { describe, expect, it } from "vitest";
import { facetToken } from "./facet-token.js";
import { ngramTerm } from "./ngram-term.js";

describe("ngramTerm", () => {
  it("is the mark, the token count and the tokens joined by the mark", () => {
    expect(ngramTerm(["Q4", "K", "M"])).toBe("\uE0003Q4\uE000K\uE000M");
    expect(ngramTerm(["3", "2"])).not.toBe(ngramTerm(["32"]));
    expect(ngramTerm(["3", "2"])).not.toBe(ngramTerm(["3", "2B"]));
  });

  it("never equals a facet token (mark + letter)", () => {
    expect(ngramTerm(["t6c6c6d", "x"]).startsWith(facetToken("type", "llm"))).toBe(false);
    expect(/^\uE000\d/u.test(ngramTerm(["a", "b"]))).toBe(true);
  });
});
