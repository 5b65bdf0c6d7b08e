import type { FacetField } from "./facet-token.js";
import { IndexError } from "./index-error.js";
import { toFtsPhrases } from "./to-fts-phrases.js";

export type SearchSort = "relevance" | "name" | "size" | "date";
export type SortOrder = "asc" | "desc";

/** What to look for. Every field is optional; filters combine with AND. */
export interface SearchQuery {
  /** Free text, any string (see the README for how it is read); empty = browse everything. */
  query?: string;
  /** Any of these types (case-insensitive); likewise format, architecture, quantization. */
  type?: string | string[];
  format?: string | string[];
  architecture?: string | string[];
  quantization?: string | string[];
  /** All of these tags (case-insensitive). */
  tag?: string | string[];
  source?: string;
  /** Inclusive bounds on `size`, in bytes. */
  minSize?: number;
  maxSize?: number;
  /** Default: relevance with query text, else name. Relevance without text sorts by name. */
  sort?: SearchSort;
  /** Default: asc for name, desc (best, biggest, newest first) for relevance, size, date. */
  order?: SortOrder;
  /** Page size: default 50, at most 1000; 0 counts only. */
  limit?: number;
  offset?: number;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 1000;
/** Values one list filter may hold (each is one FTS5 term). */
export const MAX_FILTER_VALUES = 64;

/** A query checked and reduced to what the planner needs. */
export interface ParsedSearch {
  /** FTS5 phrases of the text, ANDed; empty without searchable text. */
  phrases: string[];
  /** Filters: any value of a filter, every filter (each tag is a filter of its own). */
  filters: { field: FacetField; values: string[] }[];
  minSize: number | null;
  maxSize: number | null;
  /** Relevance only with text. */
  sort: SearchSort;
  descending: boolean;
  limit: number;
  offset: number;
}

const LIST_FILTERS = ["type", "format", "architecture", "quantization"] as const;
const SORTS: readonly SearchSort[] = ["relevance", "name", "size", "date"];

/** Checks `q` (BAD_QUERY naming `label` for options of the wrong type; text never fails). */
export function parseSearchQuery(q: SearchQuery, label: string): ParsedSearch {
  const bad = (problem: string): never => {
    throw new IndexError("BAD_QUERY", `${label}: search: ${problem}`);
  };
  if (typeof q !== "object" || q === null) bad("the query must be an object");
  if (q.query != null && typeof q.query !== "string") bad("query must be a string");
  const phrases = toFtsPhrases(q.query ?? "");

  const filters: ParsedSearch["filters"] = [];
  for (const field of LIST_FILTERS) {
    const values = stringList(q[field], field, bad);
    if (values) filters.push({ field, values });
  }
  for (const tag of stringList(q.tag, "tag", bad) ?? []) filters.push({ field: "tag", values: [tag] });
  if (q.source != null) {
    if (typeof q.source !== "string") bad("source must be a string");
    filters.push({ field: "source", values: [q.source as string] });
  }

  const bound = (key: "minSize" | "maxSize") => {
    const value = q[key];
    if (value == null) return null;
    if (typeof value !== "number" || Number.isNaN(value)) bad(`${key} must be a number`);
    return value as number;
  };

  if (q.sort != null && !SORTS.includes(q.sort)) bad(`sort must be one of ${SORTS.join(", ")}`);
  if (q.order != null && q.order !== "asc" && q.order !== "desc") bad("order must be asc or desc");
  const sort = q.sort === "relevance" || q.sort == null ? (phrases.length ? "relevance" : "name") : q.sort;
  return {
    phrases,
    filters,
    minSize: bound("minSize"),
    maxSize: bound("maxSize"),
    sort,
    descending: (q.order ?? (sort === "name" ? "asc" : "desc")) === "desc",
    limit: Math.min(wholeNumber(q.limit, DEFAULT_LIMIT, "limit", bad), MAX_LIMIT),
    offset: wholeNumber(q.offset, 0, "offset", bad),
  };
}

/** A filter value as a list, or undefined for no filter (absent or empty). */
function stringList(value: unknown, key: string, bad: (problem: string) => never): string[] | undefined {
  if (value == null) return undefined;
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((v) => typeof v === "string")) bad(`${key} must be a string or an array of strings`);
  if (list.length > MAX_FILTER_VALUES) bad(`${key} has more than ${MAX_FILTER_VALUES} values`);
  return list.length ? (list as string[]) : undefined;
}

function wholeNumber(value: unknown, fallback: number, key: string, bad: (problem: string) => never): number {
  if (value == null) return fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    return bad(`${key} must be a whole number >= 0`);
  }
  return value;
}
