import { ngramTerm } from "./ngram-term.js";
import { typedPrefixTerm } from "./prefix-terms.js";
import { splitTokens } from "./split-tokens.js";

/** Terms past this many are ignored: they bound the work of one search (and FTS5's expression depth). */
export const MAX_QUERY_TERMS = 32;

/**
 * Turns what a user typed into FTS5 phrases that can never be a syntax error; none when the
 * text holds nothing searchable (the caller then browses).
 *
 * Each whitespace-separated word becomes one quoted phrase that matches its tokens adjacent and
 * in order, as unicode61 split the indexed text: a one-token word is that token (`8B`); two or
 * three tokens are their n-gram term (`Q4_K_M` → the trigram q4·k·m, see to-indexed-text.ts), so
 * common tokens never have their long doclists intersected; longer words are the phrase of
 * their overlapping trigrams. Quotes are separators, so a phrase never holds one, and FTS5
 * operators (`AND`, `NEAR`, `*`, `^`, `col:`) are plain words inside quotes.
 *
 * The last word is a prefix, so results follow the user as they type, unless the text ends with
 * whitespace or its last token is one character long (which would merge the doclists of every
 * word with that initial): a lone token of 2 or 3 letters becomes its prefix term (see
 * prefix-terms.ts), anything longer an FTS5 prefix query (`"llam"*`; an n-gram term then `*`).
 * The caller ANDs the phrases.
 */
export function toFtsPhrases(text: string): string[] {
  const phrases: string[] = [];
  let lastWord: string[] = [];
  let truncated = false;
  for (const word of text.split(/\s+/u)) {
    const tokens = splitTokens(word);
    if (tokens.length === 0) continue;
    if (phrases.length === MAX_QUERY_TERMS) {
      truncated = true;
      break;
    }
    phrases.push(`"${wordTerms(tokens).join(" ")}"`);
    lastWord = tokens;
  }
  const lastToken = lastWord.at(-1) ?? "";
  if (truncated || /\s$/u.test(text) || [...lastToken].length < 2) return phrases;
  const prefixTerm = lastWord.length === 1 ? typedPrefixTerm(lastToken) : null;
  phrases[phrases.length - 1] = prefixTerm === null ? `${phrases.at(-1)}*` : `"${prefixTerm}"`;
  return phrases;
}

function wordTerms(tokens: string[]): string[] {
  if (tokens.length === 1) return tokens;
  if (tokens.length <= 3) return [ngramTerm(tokens)];
  return tokens.slice(2).map((_, i) => ngramTerm(tokens, i, 3));
}
