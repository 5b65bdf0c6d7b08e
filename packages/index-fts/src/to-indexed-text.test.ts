import { describe, expect, it } from "vitest";
import { ngramTerm } from "./ngram-term.js";
import { toIndexedText } from "./to-indexed-text.js";

describe("toIndexedText", () => {
  it("appends the bigrams, the trigrams and the prefix terms of the tokens, across spaces", () => {
    expect(toIndexedText("Llama-3.1 8B").split(" ")).toEqual([
      "Llama-3.1",
      "8B",
      ngramTerm(["Llama", "3"]),
      ngramTerm(["3", "1"]),
      ngramTerm(["1", "8B"]),
      ngramTerm(["Llama", "3", "1"]),
      ngramTerm(["3", "1", "8B"]),
      "\uE000pLl",
      "\uE000pLla",
      "\uE000p8B",
    ]);
  });

  it("leaves a lone one-letter token, or none, as it is", () => {
    expect(toIndexedText("x")).toBe("x");
    expect(toIndexedText("é")).toBe("é");
    expect(toIndexedText("")).toBe("");
    expect(toIndexedText("--")).toBe("--");
  });
});
