import { FACET_MARK } from "./facet-token.js";

/** Typed prefixes up to this long are served by prefix terms; longer ones by FTS5's prefix query. */
const MAX_PREFIX_TERM_LENGTH = 3;

const NON_ASCII = /\P{ASCII}/u;
const COMBINING_MARK = /\p{M}/gu;

/**
 * The terms that stand for a token's first 2 and 3 letters (fewer for a shorter token): the mark,
 * `p`, then the letters (`Llama` → `\uE000pLl`, `\uE000pLla`). They do for plain tokens what
 * FTS5's prefix index (`prefix='2 3'`) would, so a word typed two or three letters in (`ll`)
 * reads one doclist instead of merging those of every word it starts; FTS5's index would also
 * hold the prefixes of every n-gram term, which no query needs: a third of the index and of the
 * work to write it. Combining marks are dropped before counting, as remove_diacritics drops them.
 */
export function prefixTerms(token: string): string[] {
  const terms: string[] = [];
  if (!NON_ASCII.test(token)) {
    // ASCII, nearly every token: its letters are its UTF-16 units.
    for (let n = 2; n <= Math.min(token.length, MAX_PREFIX_TERM_LENGTH); n++) {
      terms.push(`${FACET_MARK}p${token.slice(0, n)}`);
    }
    return terms;
  }
  const chars = letters(token);
  for (let n = 2; n <= Math.min(chars.length, MAX_PREFIX_TERM_LENGTH); n++) {
    terms.push(`${FACET_MARK}p${chars.slice(0, n).join("")}`);
  }
  return terms;
}

/** The prefix term that finds every token starting with `typed`; null unless it is 2 or 3 letters. */
export function typedPrefixTerm(typed: string): string | null {
  const chars = letters(typed);
  return chars.length >= 2 && chars.length <= MAX_PREFIX_TERM_LENGTH
    ? `${FACET_MARK}p${chars.join("")}`
    : null;
}

/** A token's letters, combining marks dropped; no more than one past what a prefix term takes. */
function letters(token: string): string[] {
  const text = NON_ASCII.test(token) ? token.normalize("NFD").replace(COMBINING_MARK, "") : token;
  return Array.from(text.slice(0, 2 * (MAX_PREFIX_TERM_LENGTH + 1))).slice(0, MAX_PREFIX_TERM_LENGTH + 1);
}
