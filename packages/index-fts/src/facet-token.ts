/** The filterable fields, each with the letter that starts its facet tokens. */
export const FACET_PREFIX = {
  type: "t",
  format: "f",
  architecture: "a",
  quantization: "q",
  tag: "g",
  source: "s",
} as const;

export type FacetField = keyof typeof FACET_PREFIX;

/**
 * U+E000 (private use) starts every facet token. The tokenizer is told it is a token character
 * (`tokenchars`); query text never holds it (toFtsPhrases drops it) and stored text has it
 * replaced (validateModel), so typed text can never match a facet token, nor text fake one.
 */
export const FACET_MARK = "\uE000";

/**
 * The single FTS token that stands for `field = value` (case-insensitive): the mark, the
 * field's letter, then the hex of the lowercased value's UTF-8. Hex is letters and digits, so
 * unicode61 keeps it as one token whatever the value holds, and the filter is exact: `Q4_K`
 * never matches `Q4_K_M`. Filters then run inside FTS5 as doclist intersections, as fast as
 * the text match they join.
 */
export function facetToken(field: FacetField, value: string): string {
  return `${FACET_MARK}${FACET_PREFIX[field]}${Buffer.from(value.toLowerCase(), "utf8").toString("hex")}`;
}
