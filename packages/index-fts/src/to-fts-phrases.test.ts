import { describe, expect, it } from "vitest";
import { MAX_QUERY_TERMS, toFtsPhrases } from "./to-fts-phrases.js";

describe("toFtsPhrases", () => {
  it("quotes each word's tokens as one phrase, the last one a prefix", () => {
    expect(toFtsPhrases("llama 3.1 Q4_K_M")).toEqual(['"llama"', '"3 1"', '"Q4 K M"']);
    expect(toFtsPhrases("llama-3.1-8B")).toEqual(['"llama 3 1 8B"*']);
    expect(toFtsPhrases("lla")).toEqual(['"lla"*']);
    expect(toFtsPhrases("Réalisme")).toEqual(['"Réalisme"*']);
  });

  it("drops the prefix after trailing whitespace or on a one-character last token", () => {
    expect(toFtsPhrases("llama ")).toEqual(['"llama"']);
    expect(toFtsPhrases("q4_k_m")).toEqual(['"q4 k m"']);
    expect(toFtsPhrases("l")).toEqual(['"l"']);
  });

  it("turns FTS5 syntax into plain words and never leaves a quote inside a phrase", () => {
    expect(toFtsPhrases('name:foo AND "bar NEAR(x y) ^start *')).toEqual([
      '"name foo"',
      '"AND"',
      '"bar"',
      '"NEAR x"',
      '"y"',
      '"start"*',
    ]);
    expect(toFtsPhrases('"""')).toEqual([]);
    expect(toFtsPhrases(" \t\n !?.-_ ")).toEqual([]);
    expect(toFtsPhrases("")).toEqual([]);
  });

  it(`keeps at most ${MAX_QUERY_TERMS} phrases, none of them a prefix when cut`, () => {
    const words = Array.from({ length: 40 }, (_, i) => `w${i}`);
    const phrases = toFtsPhrases(words.join(" "));
    expect(phrases).toHaveLength(MAX_QUERY_TERMS);
    expect(phrases.at(-1)).toBe(`"w${MAX_QUERY_TERMS - 1}"`);
  });
});
