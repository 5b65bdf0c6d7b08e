import { describe, expect, it } from "vitest";
import { ngramTerm } from "./ngram-term.js";
import { MAX_QUERY_TERMS, toFtsPhrases } from "./to-fts-phrases.js";

const n = (...tokens: string[]) => ngramTerm(tokens);

describe("toFtsPhrases", () => {
  it("makes each word one phrase: a token, an n-gram term, or overlapping trigrams", () => {
    expect(toFtsPhrases("llama 3.1 Q4_K_M ")).toEqual([
      '"llama"',
      `"${n("3", "1")}"`,
      `"${n("Q4", "K", "M")}"`,
    ]);
    expect(toFtsPhrases("Qwen2.5-Coder-7B ")).toEqual([
      `"${n("Qwen2", "5", "Coder")} ${n("5", "Coder", "7B")}"`,
    ]);
  });

  it("makes the last word a prefix: a prefix term for 2 or 3 letters, FTS5's prefix query beyond", () => {
    expect(toFtsPhrases("ll")).toEqual(['"\uE000pll"']);
    expect(toFtsPhrases("lla")).toEqual(['"\uE000plla"']);
    expect(toFtsPhrases("ré")).toEqual(['"\uE000pre"']); // diacritics dropped, as FTS5 drops them
    expect(toFtsPhrases("llam")).toEqual(['"llam"*']);
    expect(toFtsPhrases("Réalisme")).toEqual(['"Réalisme"*']);
    expect(toFtsPhrases("llama-3.1-8B")).toEqual([`"${n("llama", "3", "1")} ${n("3", "1", "8B")}"*`]);
  });

  it("drops the prefix after trailing whitespace or on a one-character last token", () => {
    expect(toFtsPhrases("llama ")).toEqual(['"llama"']);
    expect(toFtsPhrases("q4_k_m")).toEqual([`"${n("q4", "k", "m")}"`]);
    expect(toFtsPhrases("l")).toEqual(['"l"']);
  });

  it("turns FTS5 syntax into plain words and never leaves a quote inside a phrase", () => {
    expect(toFtsPhrases('name:foo AND "bar NEAR(x y) ^start *')).toEqual([
      `"${n("name", "foo")}"`,
      '"AND"',
      '"bar"',
      `"${n("NEAR", "x")}"`,
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
