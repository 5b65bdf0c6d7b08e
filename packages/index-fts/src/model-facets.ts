import { type FacetField, facetToken } from "./facet-token.js";
import type { IndexedModel } from "./indexed-model.js";

/**
 * The text of a model's `facets` FTS column: one facet token per filterable value it has,
 * each followed by a space and the whole led by one, so SQL can test a row for ` token `.
 */
export function modelFacets(m: Required<IndexedModel>): string {
  const pairs: [FacetField, string | null][] = [
    ["type", m.type],
    ["format", m.format],
    ["architecture", m.architecture],
    ["quantization", m.quantization],
    ["source", m.source],
    ...m.tags.map((tag): [FacetField, string] => ["tag", tag]),
  ];
  const tokens = pairs
    .filter((pair): pair is [FacetField, string] => pair[1] !== null)
    .map(([field, value]) => facetToken(field, value));
  return ` ${tokens.join(" ")} `;
}
