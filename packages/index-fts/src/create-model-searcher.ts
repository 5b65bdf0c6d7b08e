import type Database from "better-sqlite3";
import { facetToken } from "./facet-token.js";
import { IndexError } from "./index-error.js";
import type { IndexedModel } from "./indexed-model.js";
import { FTS_COLUMNS } from "./migrations.js";
import { type ModelRow, rowToModel } from "./row-to-model.js";
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

export interface SearchResult {
  /** Every match, not just this page. */
  total: number;
  items: IndexedModel[];
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 1000;
/** Values one list filter may hold (each is one FTS5 term). */
export const MAX_FILTER_VALUES = 64;

/**
 * Matches up to which a page is computed over every match (joined to its row, filtered,
 * ranked or sorted in memory, ~1 µs each). Above it the plan switches to one whose cost follows
 * the page, not the match count (see the README, "Large result sets").
 */
export const DEFAULT_IN_MEMORY_LIMIT = 1000;

// bm25 weight per FTS column: names first, then what identifies a variant (architecture,
// quantization), then tags, then free notes. Facet tokens never score.
const WEIGHTS: Record<(typeof FTS_COLUMNS)[number], number> = {
  name: 10,
  official_name: 8,
  architecture: 4,
  base_model: 3,
  type: 3,
  format: 3,
  quantization: 4,
  tags: 2,
  repo: 3,
  publisher: 2,
  notes: 1,
  facets: 0,
};
const BM25 = `bm25(models_fts, ${FTS_COLUMNS.map((c) => WEIGHTS[c].toFixed(1)).join(", ")})`;
const NAME_COLUMNS = "{name official_name}";

const LIST_FILTERS = ["type", "format", "architecture", "quantization"] as const;
const SORTS: readonly SearchSort[] = ["relevance", "name", "size", "date"];
const SORT_INDEX: Record<Exclude<SearchSort, "relevance">, [column: string, index: string]> = {
  name: ["m.name", "models_name"],
  size: ["m.size", "models_size"],
  date: ["m.added_ms", "models_added"],
};
const JOIN = "models_fts JOIN models m ON m.rid = models_fts.rowid";

/** Statements are cached by SQL text; the shapes are few (plan × sort × order × size filters). */
const MAX_CACHED_STATEMENTS = 256;

/**
 * Prepares search for one connection. `label` names the index in errors.
 *
 * Each search counts first, then picks the cheapest way to the page: few text matches are
 * joined to their rows and filtered, ranked or sorted there; many are intersected with the
 * filters inside FTS5, then either fetched and sorted (few left), streamed in two tiers (too
 * many to rank), or found by walking the sort key's index.
 */
export function createModelSearcher(
  db: Database.Database,
  label: string,
  inMemoryLimit = DEFAULT_IN_MEMORY_LIMIT,
): (query?: SearchQuery) => SearchResult {
  const cache = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let statement = cache.get(sql);
    if (!statement) {
      if (cache.size >= MAX_CACHED_STATEMENTS) cache.clear();
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
  const bad = (problem: string): never => {
    throw new IndexError("BAD_QUERY", `${label}: search: ${problem}`);
  };

  return (q = {}) => {
    if (typeof q !== "object" || q === null) bad("the query must be an object");
    if (q.query != null && typeof q.query !== "string") bad("query must be a string");
    const phrases = toFtsPhrases(q.query ?? "");

    // Filters on fields are groups of facet tokens: any token of a group, every group.
    const groups: string[][] = [];
    for (const field of LIST_FILTERS) {
      const values = stringList(q[field], field, bad);
      if (values) groups.push(values.map((v) => facetToken(field, v)));
    }
    for (const tag of stringList(q.tag, "tag", bad) ?? []) groups.push([facetToken("tag", tag)]);
    if (q.source != null) {
      if (typeof q.source !== "string") bad("source must be a string");
      groups.push([facetToken("source", q.source)]);
    }
    const params: Record<string, unknown> = {};
    // In FTS5 they are terms ANDed to the text (doclist intersections); in SQL, a row test on the
    // stored facets text, for plans that walk an index instead of the match set.
    const ftsFacets = groups.map((g) => `(${g.map((t) => `"${t}"`).join(" OR ")})`);
    const sqlFacets = groups.map(
      (g, i) =>
        `(${g
          .map((t, j) => {
            params[`facet${i}_${j}`] = ` ${t} `;
            return `instr(m.facets, @facet${i}_${j})`;
          })
          .join(" OR ")})`,
    );
    // Text needs no column filter: only the facets column holds FACET_MARK tokens.
    const text = phrases.length ? `(${phrases.join(" ")})` : null;
    const match = [...(text ? [text] : []), ...ftsFacets].join(" AND ") || null;

    // Size bounds are the only filters left to SQL alone.
    const sizeWhere: string[] = [];
    for (const [key, op] of [
      ["minSize", ">="],
      ["maxSize", "<="],
    ] as const) {
      const value = q[key];
      if (value == null) continue;
      if (typeof value !== "number" || Number.isNaN(value)) bad(`${key} must be a number`);
      sizeWhere.push(`m.size ${op} @${key}`);
      params[key] = value;
    }
    const andSize = sizeWhere.map((w) => ` AND ${w}`).join("");

    if (q.sort != null && !SORTS.includes(q.sort)) bad(`sort must be one of ${SORTS.join(", ")}`);
    if (q.order != null && q.order !== "asc" && q.order !== "desc") bad("order must be asc or desc");
    const sort = q.sort === "relevance" || q.sort == null ? (text ? "relevance" : "name") : q.sort;
    const order = (q.order ?? (sort === "name" ? "asc" : "desc")) === "asc" ? "ASC" : "DESC";
    const limit = Math.min(wholeNumber(q.limit, DEFAULT_LIMIT, "limit", bad), MAX_LIMIT);
    const offset = wholeNumber(q.offset, 0, "offset", bad);

    const countOf = (sql: string, expr: string | null) =>
      (prepare(sql).get({ ...params, match: expr }) as { n: number }).n;
    const ftsCount = (expr: string) =>
      countOf("SELECT count(*) AS n FROM models_fts WHERE models_fts MATCH @match", expr);
    const rowsOf = (sql: string, expr: string | null, pageOffset: number, pageLimit: number) =>
      prepare(`${sql} LIMIT @limit OFFSET @offset`).all({
        ...params,
        match: expr,
        limit: pageLimit,
        offset: pageOffset,
      }) as ModelRow[];
    const done = (total: number, rows: ModelRow[]) => ({ total, items: rows.map(rowToModel) });
    const keyOrder = () => {
      const [column, index] = SORT_INDEX[sort === "relevance" ? "name" : sort];
      // Ties are broken by id (by rowid for bm25), so pages never overlap or skip.
      return { orderBy: `ORDER BY ${column} ${order}, m.id ${order}`, index };
    };
    // bm25: lower is better.
    const bm25Order = () => {
      const dir = order === "DESC" ? "ASC" : "DESC";
      return `ORDER BY ${BM25} ${dir}, m.rid ${dir}`;
    };
    const filtered = groups.length > 0 || sizeWhere.length > 0;

    if (text !== null) {
      const textTotal = ftsCount(text);
      if (textTotal <= inMemoryLimit) {
        // Few text matches: join them to their rows and filter, rank or sort there.
        const where = `WHERE models_fts MATCH @match${sqlFacets.map((f) => ` AND ${f}`).join("")}${andSize}`;
        const total = filtered ? countOf(`SELECT count(*) AS n FROM ${JOIN} ${where}`, text) : textTotal;
        if (limit === 0 || offset >= total) return done(total, []);
        const orderBy = sort === "relevance" ? bm25Order() : keyOrder().orderBy;
        return done(total, rowsOf(`SELECT m.* FROM ${JOIN} ${where} ${orderBy}`, text, offset, limit));
      }
    }

    // Many text matches, or none asked for: filters join the FTS expression as facet terms, so
    // counting them is an intersection of doclists.
    let total: number;
    if (match === null) total = countOf(`SELECT count(*) AS n FROM models m WHERE 1${andSize}`, null);
    else if (!sizeWhere.length) total = ftsCount(match);
    else
      total =
        ftsCount(match) <= inMemoryLimit
          ? countOf(`SELECT count(*) AS n FROM ${JOIN} WHERE models_fts MATCH @match${andSize}`, match)
          : // Many matches: walk the size index over the range, testing membership.
            countOf(
              `SELECT count(*) AS n FROM models m INDEXED BY models_size
               WHERE m.rid IN (SELECT rowid FROM models_fts WHERE models_fts MATCH @match)${andSize}`,
              match,
            );
    if (limit === 0 || offset >= total) return done(total, []);

    // Walking a sort index to fill the page reads about (offset + limit) × models / matches
    // entries (the largest rowid stands for the model count); fetching and sorting every match
    // reads `total`. Take the cheaper.
    const walkCost = () =>
      ((offset + limit) * (prepare("SELECT max(rid) AS n FROM models").get() as { n: number }).n) / total;
    if (
      match !== null &&
      (total <= inMemoryLimit || (!(sort === "relevance" && text) && total <= walkCost()))
    ) {
      // Few matches after filtering: fetch them all, then rank or sort.
      const orderBy = sort === "relevance" && text ? bm25Order() : keyOrder().orderBy;
      return done(
        total,
        rowsOf(
          `SELECT m.* FROM ${JOIN} WHERE models_fts MATCH @match${andSize} ${orderBy}`,
          match,
          offset,
          limit,
        ),
      );
    }

    if (sort === "relevance" && text) {
      // Too many matches to rank: models whose name columns match every phrase come first, the
      // others after, each part in index order (most recently indexed first). FTS5 streams both
      // parts in rowid order, so the cost follows the page, not the match count.
      const nameText = `${NAME_COLUMNS}: (${phrases.join(" ")})`;
      const names = [nameText, ...ftsFacets].join(" AND ");
      const nameCount = sizeWhere.length
        ? countOf(`SELECT count(*) AS n FROM ${JOIN} WHERE models_fts MATCH @match${andSize}`, names)
        : ftsCount(names);
      const parts: [string, number][] = [
        [names, nameCount],
        [`(${match}) NOT (${nameText})`, total - nameCount],
      ];
      if (order === "ASC") parts.reverse();
      const partSql = `SELECT m.* FROM ${JOIN} WHERE models_fts MATCH @match${andSize} ORDER BY models_fts.rowid ${order}`;
      const rows: ModelRow[] = [];
      let skip = offset;
      for (const [expr, size] of parts) {
        if (skip >= size) {
          skip -= size;
          continue;
        }
        rows.push(...rowsOf(partSql, expr, skip, limit - rows.length));
        skip = 0;
        if (rows.length === limit) break;
      }
      return done(total, rows);
    }

    // Sorted by a key over many rows: walk the key's index. With text, keep the rows in the
    // match set (the first page comes after about limit × models / matches entries); without,
    // test each row's stored facets, cheaper than building the set when most rows pass.
    const { orderBy, index } = keyOrder();
    const walk = `SELECT m.* FROM models m INDEXED BY ${index}`;
    const member = text
      ? " AND m.rid IN (SELECT rowid FROM models_fts WHERE models_fts MATCH @match)"
      : sqlFacets.map((f) => ` AND ${f}`).join("");
    return done(total, rowsOf(`${walk} WHERE 1${member}${andSize} ${orderBy}`, match, offset, limit));
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
