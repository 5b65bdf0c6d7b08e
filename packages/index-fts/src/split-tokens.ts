// The characters unicode61 keeps inside tokens: letters, digits and the combining marks that
// remove_diacritics strips. Everything else separates tokens, FACET_MARK included.
const NOT_TOKEN_CHAR = /[^\p{L}\p{N}\p{M}]+/u;
// The same for ASCII text (nearly all of it), several times faster to split on.
const NOT_ASCII_TOKEN_CHAR = /[^A-Za-z0-9]+/;
const NON_ASCII = /\P{ASCII}/u;

/**
 * Splits text into the tokens unicode61 makes of it (case and diacritics left as they are: FTS5
 * folds both sides alike). Query words and indexed n-grams both come from here, so a query's
 * n-gram terms are spelled exactly as the indexed ones.
 */
export function splitTokens(text: string): string[] {
  const tokens = text.split(NON_ASCII.test(text) ? NOT_TOKEN_CHAR : NOT_ASCII_TOKEN_CHAR);
  // Only the ends can be empty (text starting or ending with a separator).
  if (tokens[0] === "") tokens.shift();
  if (tokens.at(-1) === "") tokens.pop();
  return tokens;
}
