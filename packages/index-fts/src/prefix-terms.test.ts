import { describe, expect, it } from "vitest";
import { prefixTerms, typedPrefixTerm } from "./prefix-terms.js";

const MARK = "\uE000";

describe("prefixTerms", () => {
  it("gives the 2- and 3-letter prefixes, counting letters without combining marks", () => {
    expect(prefixTerms("llama")).toEqual([`${MARK}pll`, `${MARK}plla`]);
    expect(prefixTerms("ab")).toEqual([`${MARK}pab`]);
    expect(prefixTerms("a")).toEqual([]);
    expect(prefixTerms("Re\u0301al")).toEqual([`${MARK}pRe`, `${MARK}pRea`]);
    expect(prefixTerms("日本語")).toEqual([`${MARK}p日本`, `${MARK}p日本語`]);
  });
});

describe("typedPrefixTerm", () => {
  it("is the prefix term of a 2- or 3-letter token, else null", () => {
    expect(typedPrefixTerm("ll")).toBe(`${MARK}pll`);
    expect(typedPrefixTerm("l")).toBeNull();
    expect(typedPrefixTerm("llam")).toBeNull();
    expect(typedPrefixTerm("e\u0301")).toBeNull(); // one letter and its accent
  });

  it("names a term the indexed token has, typed in any case, with or without accents", () => {
    // FTS5 folds case and drops diacritics on both sides.
    const folded = (term: string | null | undefined) =>
      term?.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
    const indexed = prefixTerms("Réalisme").map(folded);
    for (const typed of ["re", "rea", "RÉ", "réa", "Re\u0301a"]) {
      expect(indexed, typed).toContain(folded(typedPrefixTerm(typed)));
    }
  });
});
