import { FACET_MARK } from "./facet-token.js";

/**
 * The single FTS term that stands for `count` adjacent tokens from `start` (2 or 3 of them): the
 * mark, how many, then the tokens joined by the mark (`Q4_K_M` → `\uE0003Q4\uE000K\uE000M`).
 * The mark is a token character, so unicode61 keeps the term whole; text never holds it, so a
 * term cannot be faked or confused with another run of tokens (`3.2` is not `32`). The digit
 * after the mark keeps n-grams apart from facet tokens (mark + letter) and from plain words, so
 * a prefix query on a word never wades through n-grams, nor a bigram prefix through trigrams.
 */
export function ngramTerm(tokens: readonly string[], start = 0, count = tokens.length - start): string {
  let term = `${FACET_MARK}${count}${tokens[start]}`;
  for (let i = start + 1; i < start + count; i++) term += `${FACET_MARK}${tokens[i]}`;
  return term;
}
