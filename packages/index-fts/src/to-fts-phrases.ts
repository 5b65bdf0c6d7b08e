/** Terms past this many are ignored: they bound the work of one search (and FTS5's expression depth). */
export const MAX_QUERY_TERMS = 32;

// The characters unicode61 keeps inside tokens: letters, digits and the combining marks that
// remove_diacritics strips. Everything else separates tokens, FACET_MARK included.
const NOT_TOKEN_CHAR = /[^\p{L}\p{N}\p{M}]+/gu;

/**
 * Turns what a user typed into FTS5 phrases that can never be a syntax error; none when the
 * text holds nothing searchable (the caller then browses).
 *
 * Each whitespace-separated word becomes one quoted phrase of its token characters:
 * `Q4_K_M` → `"Q4 K M"`, `llama-3.1` → `"llama 3 1"`, which match the adjacent tokens unicode61
 * made of the same text when it was indexed. Quotes are separators, so a phrase never holds
 * one, and FTS5 operators (`AND`, `NEAR`, `*`, `^`, `col:`) are plain words inside quotes. The
 * last phrase is a prefix (`"lla"*`) unless the text ends with whitespace or its last token is
 * one character long, so results follow the user as they type. (A one-character prefix would
 * merge the doclists of every term with that initial, about 10 ms on 100,000 models, and the
 * `prefix='2 3'` index serves two and three.) The caller ANDs the phrases.
 */
export function toFtsPhrases(text: string): string[] {
  const phrases: string[] = [];
  let truncated = false;
  for (const word of text.split(/\s+/u)) {
    const tokens = word.replace(NOT_TOKEN_CHAR, " ").trim();
    if (tokens === "") continue;
    if (phrases.length === MAX_QUERY_TERMS) {
      truncated = true;
      break;
    }
    phrases.push(`"${tokens}"`);
  }
  const last = phrases.length - 1;
  const lastToken = phrases[last]?.slice(1, -1).split(" ").pop() ?? "";
  if (!truncated && !/\s$/u.test(text) && [...lastToken].length >= 2) phrases[last] += "*";
  return phrases;
}
