import type { IndexStats, SearchQuery, SearchResult } from "@ml/library";
import { createQueryCache } from "./create-query-cache.js";
import { searchKey } from "./search-key.js";

export const FACET_FIELDS = ["type", "format", "quantization", "architecture"] as const;
export type FacetField = (typeof FACET_FIELDS)[number];
export interface FacetCount {
  value: string;
  count: number;
}
export type Facets = Record<FacetField, FacetCount[]>;

/** Counts by type, format, quantization and architecture of the models a query matches. */
export type FacetCounter = (query: SearchQuery) => Facets;

const STATS_KEY: Record<FacetField, keyof IndexStats> = {
  type: "byType",
  format: "byFormat",
  quantization: "byQuantization",
  architecture: "byArchitecture",
};

/**
 * Facet counts with the index's own search: for each field, one count (`limit: 0`) per value the
 * library holds. A field's own filter is left out of its counts (the counts say what choosing
 * another value would give); every other filter and the text apply. Counts are cached per query
 * (at most `maxEntries`) while `stamp()` is unchanged.
 */
export function createFacetCounter(
  library: { search(query: SearchQuery): SearchResult; stats(): IndexStats },
  stamp: () => number,
  maxEntries = 500,
): FacetCounter {
  const cached = createQueryCache<Facets>(stamp, maxEntries);
  const stats = createQueryCache<IndexStats>(stamp, 1);

  const compute = (query: SearchQuery): Facets => {
    const all = stats("stats", () => library.stats());
    const facets = {} as Facets;
    for (const field of FACET_FIELDS) {
      const base: SearchQuery = { ...query, [field]: undefined, limit: 0, offset: 0 };
      const values = (all[STATS_KEY[field]] as IndexStats["byType"]).flatMap((b) =>
        b.value === null ? [] : [{ value: b.value, count: b.count }],
      );
      const counts = browsesEverything(base)
        ? values
        : library.search(base).total === 0
          ? []
          : values.map((v) => ({
              value: v.value,
              count: library.search({ ...base, [field]: v.value }).total,
            }));
      facets[field] = counts
        .filter((c) => c.count > 0)
        .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    }
    return facets;
  };

  return (query) => cached(searchKey(query, false), () => compute(query));
}

/** No text and no filter left: the counts are the library's statistics. */
function browsesEverything(q: SearchQuery): boolean {
  const empty = (v: unknown) => v == null || (Array.isArray(v) && v.length === 0);
  return (
    (q.query ?? "").trim() === "" &&
    FACET_FIELDS.every((f) => empty(q[f])) &&
    empty(q.tag) &&
    q.source == null &&
    q.minSize == null &&
    q.maxSize == null
  );
}
