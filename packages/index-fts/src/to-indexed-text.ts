import { ngramTerm } from "./ngram-term.js";
import { prefixTerms } from "./prefix-terms.js";
import { splitTokens } from "./split-tokens.js";

/**
 * What the FTS index holds for one text field: the text itself, then the bigram and the trigram
 * terms of its tokens (each layer in order, so overlapping trigrams sit at adjacent positions and
 * a phrase of them is a longer run of tokens), then each token's prefix terms. A typed word of 2
 * or 3 tokens (`Llama-3.1`, `Q4_K_M`) then reads one short doclist instead of intersecting the
 * long ones of `llama`, `3` and `1` (`q4`, `k`, `m`) position by position.
 *
 * Deleting a model's FTS row recomputes these terms from its stored fields, so a change here
 * needs a schema step that refills the index (see fill-search-index.ts).
 */
export function toIndexedText(text: string): string {
  const tokens = splitTokens(text);
  let indexed = text;
  for (let i = 0; i + 2 <= tokens.length; i++) indexed += ` ${ngramTerm(tokens, i, 2)}`;
  for (let i = 0; i + 3 <= tokens.length; i++) indexed += ` ${ngramTerm(tokens, i, 3)}`;
  for (const token of tokens) for (const term of prefixTerms(token)) indexed += ` ${term}`;
  return indexed;
}
