import type { SearchQuery } from "@ml/library";

/**
 * A cache key for a search: one key per distinct answer (list filters are case-insensitive sets).
 * Without `page`, sort and paging are left out: the key of the set of matches.
 */
export function searchKey(q: SearchQuery, page: boolean): string {
  const list = (v: string | string[] | undefined) =>
    v == null ? null : (Array.isArray(v) ? v : [v]).map((s) => s.toLowerCase()).sort();
  const filters = [
    q.query ?? "",
    list(q.type),
    list(q.format),
    list(q.architecture),
    list(q.quantization),
    list(q.tag),
    q.source ?? null,
    q.minSize ?? null,
    q.maxSize ?? null,
  ];
  return JSON.stringify(
    page ? [...filters, q.sort ?? null, q.order ?? null, q.limit ?? null, q.offset ?? null] : filters,
  );
}
