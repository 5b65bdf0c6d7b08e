import type Database from "better-sqlite3";
import { createKeyCache, SORT_KEYS, type SortKey } from "./create-key-cache.js";
import { facetToken } from "./facet-token.js";
import { FTS_COLUMNS } from "./fts-columns.js";
import type { IndexedModel } from "./indexed-model.js";
import { parseSearchQuery, type SearchQuery } from "./parse-search-query.js";
import { type ModelRow, rowToModel } from "./row-to-model.js";
import { toFacetSql } from "./to-facet-sql.js";

export interface SearchResult {
  /** Every match, not just this page. */
  total: number;
  items: IndexedModel[];
}

/**
 * Matches up to which a page is computed over every match (ranked by bm25, or joined to their
 * rows and sorted, ~1 µs each). Above it the plan switches to one whose cost follows the page,
 * or ~0.1 µs per match (see the README, "Large result sets").
 */
export const DEFAULT_IN_MEMORY_LIMIT = 500;

// bm25 weight per FTS column: names first, then what identifies a variant (architecture,
// quantization), then the other fields, then free notes. Facet tokens never score.
const WEIGHTS: Record<(typeof FTS_COLUMNS)[number], number> = {
  names: 10,
  variant: 4,
  details: 3,
  notes: 1,
  facets: 0,
};
const BM25 = `bm25(models_fts, ${FTS_COLUMNS.map((c) => WEIGHTS[c].toFixed(1)).join(", ")})`;
const NAME_COLUMNS = "names";

const JOIN = "models_fts JOIN models m ON m.rid = models_fts.rowid";

/** Statements are cached by SQL text; the shapes are few (plan × sort × order × size filters). */
const MAX_CACHED_STATEMENTS = 256;

/**
 * Prepares search for one connection. `label` names the index in errors.
 *
 * Each search counts its FTS5 matches (text and filters intersected inside FTS5) once, then
 * picks the cheapest way to the page: few matches are ranked by bm25 or sorted over all of them;
 * many are streamed in two relevance tiers, or ordered in typed arrays (create-key-cache.ts),
 * or, with filters only, found by walking the sort key's index.
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
  const keyCache = createKeyCache(db);
  const rowsByRid = db.prepare("SELECT * FROM models WHERE rid IN (SELECT value FROM json_each(?))");
  const maxRid = db.prepare("SELECT coalesce(max(rid), 0) FROM models").pluck();

  return (q = {}) => {
    const s = parseSearchQuery(q, label);
    const params: Record<string, unknown> = {};
    // Filters are facet terms ANDed to the text inside FTS5 (doclist intersections); plans that
    // walk an index instead test each row.
    const ftsFacets = s.filters.map(
      ({ field, values }) => `(${values.map((v) => `"${facetToken(field, v)}"`).join(" OR ")})`,
    );
    const sqlFacets = s.filters
      .map(({ field, values }, i) => ` AND ${toFacetSql(field, values, params, `f${i}`)}`)
      .join("");
    // Text needs no column filter: only the facets column holds facet tokens.
    const text = s.phrases.length ? `(${s.phrases.join(" ")})` : null;
    const match = [...(text ? [text] : []), ...ftsFacets].join(" AND ") || null;

    // Size bounds are the only filters left to SQL (or to the key cache).
    let andSize = "";
    if (s.minSize !== null) {
      andSize += " AND m.size >= @minSize";
      params.minSize = s.minSize;
    }
    if (s.maxSize !== null) {
      andSize += " AND m.size <= @maxSize";
      params.maxSize = s.maxSize;
    }
    const sized = andSize !== "";
    const inSize = (size: number) => size >= (s.minSize ?? -Infinity) && size <= (s.maxSize ?? Infinity);
    const { limit, offset } = s;
    const dir = s.descending ? "DESC" : "ASC";

    const countOf = (sql: string, expr: string | null) =>
      (prepare(sql).get({ ...params, match: expr }) as { n: number }).n;
    const pageOf = (sql: string, expr: string | null, pageOffset = offset, pageLimit = limit) =>
      prepare(`${sql} LIMIT @limit OFFSET @offset`).all({
        ...params,
        match: expr,
        limit: pageLimit,
        offset: pageOffset,
      });
    const ftsCount = (expr: string) =>
      countOf("SELECT count(*) AS n FROM models_fts WHERE models_fts MATCH @match", expr);
    // Sets of rowids travel as one JSON array: much faster to read than a row each.
    const jsonRids = (sql: string, extra: Record<string, unknown>) =>
      JSON.parse(
        prepare(`SELECT json_group_array(rid) FROM (${sql})`).pluck().get(extra) as string,
      ) as number[];
    /** The rowids of `expr`'s matches within the size range: few tested on their rows, many in the key cache. */
    const matchesOf = (expr: string) => {
      const rids = jsonRids("SELECT rowid AS rid FROM models_fts WHERE models_fts MATCH @match", {
        match: expr,
      });
      if (!sized) return rids;
      if (rids.length > inMemoryLimit) {
        const sizes = keyCache().sizes();
        return rids.filter((rid) => inSize(sizes[rid] as number));
      }
      const kept = `SELECT m.rid FROM models m WHERE m.rid IN (SELECT value FROM json_each(@rids))${andSize}`;
      return jsonRids(kept, { ...params, rids: JSON.stringify(rids) });
    };
    const count = (expr: string) => (sized ? matchesOf(expr).length : ftsCount(expr));
    /** The models with these rids, in this order. */
    const modelsOf = (rids: number[]) => {
      if (!rids.length) return [];
      const byRid = new Map((rowsByRid.all(JSON.stringify(rids)) as ModelRow[]).map((r) => [r.rid, r]));
      return rids.map((rid) => rowToModel(byRid.get(rid) as ModelRow));
    };
    const done = (total: number, items: IndexedModel[] = []) => ({ total, items });
    const sortKey: SortKey = s.sort === "relevance" ? "name" : s.sort;
    // Ties are broken by id, so pages never overlap or skip.
    const keyOrder = `ORDER BY m.${SORT_KEYS[sortKey].column} ${dir}, m.id ${dir}`;
    const walk = (member: string, expr: string | null) => {
      const sql = `SELECT m.* FROM models m INDEXED BY ${SORT_KEYS[sortKey].index} WHERE 1${member}${andSize} ${keyOrder}`;
      return (pageOf(sql, expr) as ModelRow[]).map(rowToModel);
    };

    if (match === null) {
      // Browse everything: walk the sort key's index.
      const total = countOf(`SELECT count(*) AS n FROM models m WHERE 1${andSize}`, null);
      return done(total, limit === 0 || offset >= total ? [] : walk("", null));
    }

    if (s.sort === "relevance" && text !== null) {
      /** Every match of the text (within `rids` when given), best first; null when more than `cap`. */
      const rank = (rids: number[] | null, cap = Number.POSITIVE_INFINITY) => {
        const within = rids ? " AND +rowid IN (SELECT value FROM json_each(@rids))" : "";
        const sql = `SELECT rowid, ${BM25} AS score FROM models_fts WHERE models_fts MATCH @text${within}`;
        const limited = Number.isFinite(cap) ? `${sql} LIMIT ${cap + 1}` : sql;
        const rows = prepare(limited)
          .raw()
          .all({ text, rids: JSON.stringify(rids) }) as [number, number][];
        if (rows.length > cap) return null;
        // bm25: lower is better; ties by rowid, so pages never overlap.
        rows.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
        return rows.map((r) => r[0]);
      };
      // Filters narrow the text's matches through their rowid set rather than in the MATCH, since
      // bm25 would count the documents of each facet term (2 ms for one most models hold) only to
      // give it weight 0. Several words usually match few models: rank at once and count by the
      // way (giving up past the limit); one word often matches thousands: count first.
      let total: number;
      let ranked: number[] | null = null;
      if (match !== text || sized) {
        const matches = matchesOf(match);
        total = matches.length;
        if (total && total <= inMemoryLimit) ranked = rank(matches);
      } else if (s.phrases.length > 1) {
        ranked = rank(null, inMemoryLimit);
        total = ranked ? ranked.length : ftsCount(match);
      } else {
        total = ftsCount(match);
        if (total <= inMemoryLimit) ranked = rank(null);
      }
      if (limit === 0 || offset >= total) return done(total);
      if (ranked) {
        if (!s.descending) ranked.reverse();
        return done(total, modelsOf(ranked.slice(offset, offset + limit)));
      }

      // Too many matches to rank: models whose name columns match every phrase come first, the
      // others after, each part in index order (most recently indexed first). FTS5 streams both
      // parts in rowid order, so the cost follows the page; a part is counted only when the page
      // starts past its end.
      const nameText = `${NAME_COLUMNS}: (${s.phrases.join(" ")})`;
      const names = [nameText, ...ftsFacets].join(" AND ");
      const parts = [names, `(${match}) NOT (${nameText})`];
      if (!s.descending) parts.reverse();
      const partSql = `SELECT m.* FROM ${JOIN} WHERE models_fts MATCH @match${andSize} ORDER BY models_fts.rowid ${dir}`;
      const rows: ModelRow[] = [];
      let skip = offset;
      for (const [i, part] of parts.entries()) {
        const got = pageOf(partSql, part, skip, limit - rows.length) as ModelRow[];
        rows.push(...got);
        if (rows.length === limit || i === parts.length - 1) break;
        // Short of a page: this part ended at skip + got.length, or before skip when it gave none.
        skip = got.length || skip === 0 ? 0 : skip - count(part);
      }
      return done(total, rows.map(rowToModel));
    }

    // Sorted by a key. Every match in the size range is read when counting them anyway.
    const sizedMatches = sized ? matchesOf(match) : null;
    const total = sizedMatches ? sizedMatches.length : ftsCount(match);
    if (limit === 0 || offset >= total) return done(total);
    if (total <= inMemoryLimit) {
      // Few: join them to their rows and sort there.
      params.rids = JSON.stringify(sizedMatches);
      const sorted = pageOf(
        sizedMatches
          ? `SELECT m.rid FROM models m WHERE m.rid IN (SELECT value FROM json_each(@rids)) ${keyOrder}`
          : `SELECT m.rid FROM ${JOIN} WHERE models_fts MATCH @match ${keyOrder}`,
        match,
      ) as { rid: number }[];
      return done(total, modelsOf(sorted.map((r) => r.rid)));
    }
    // Many, filters only: walking the key's index reads about (offset + limit) × models / matches
    // entries (the largest rowid stands for the model count), each ~3 times the cost of reading a
    // match's rowid. The index carries the filter columns, so the rows themselves are left alone.
    if (!sizedMatches && text === null) {
      const walked = ((offset + limit) * (maxRid.get() as number)) / total;
      if (3 * walked < total) return done(total, walk(sqlFacets, match));
    }
    // Else read every match's rowid and order them by the key cache's positions.
    const { rids, position } = keyCache().order(sortKey);
    const positions = Int32Array.from(
      sizedMatches ?? matchesOf(match),
      (rid) => position[rid] as number,
    ).sort();
    const page: number[] = [];
    for (let i = offset; i < Math.min(offset + limit, total); i++) {
      page.push(rids[positions[s.descending ? total - 1 - i : i] as number] as number);
    }
    return done(total, modelsOf(page));
  };
}
