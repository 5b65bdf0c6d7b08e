import type Database from "better-sqlite3";

export type SortKey = "name" | "size" | "date";

/** Every model in one sort key's order (ties by id), and where each rid stands in it. */
export interface KeyOrder {
  rids: Int32Array;
  /** By rid. */
  position: Int32Array;
}

export interface KeyCache {
  /** Each model's size, by rid. */
  sizes(): Float64Array;
  order(key: SortKey): KeyOrder;
}

/** Each sort key's column of `models` and the index that serves it (ties by id). */
export const SORT_KEYS: Record<SortKey, { column: string; index: string }> = {
  name: { column: "name", index: "models_name" },
  size: { column: "size", index: "models_size" },
  date: { column: "added_ms", index: "models_added" },
};

/**
 * Copies of the sort keys in typed arrays for one connection, read from their indexes when first
 * needed (about 10 ms each for 100,000 models) and dropped when the data changes: another
 * connection's commit moves `data_version`, this one's writes move `total_changes()`. With them a
 * size range or a sort over thousands of text matches costs ~0.1 µs per match (its rowid read
 * from FTS5) instead of a join to its row (~0.6 µs) or a walk of an index.
 */
export function createKeyCache(db: Database.Database): () => KeyCache {
  const version = db
    .prepare("SELECT total_changes() || '/' || (SELECT data_version FROM pragma_data_version)")
    .pluck();
  const maxRid = db.prepare("SELECT coalesce(max(rid), 0) FROM models").pluck();
  // One aggregate over the covering index is several times faster than returning 100,000 rows.
  const sizeColumns = db.prepare<[], { rids: string; sizes: string }>(
    "SELECT json_group_array(rid) AS rids, json_group_array(size) AS sizes FROM models INDEXED BY models_size",
  );
  const orderQueries = Object.fromEntries(
    Object.entries(SORT_KEYS).map(([key, { column, index }]) => [
      key,
      db.prepare(`SELECT rid FROM models INDEXED BY ${index} ORDER BY ${column}, id`).pluck(),
    ]),
  ) as Record<SortKey, Database.Statement>;

  let seen: unknown;
  let cache: KeyCache | undefined;
  const load = (): KeyCache => {
    const slots = (maxRid.get() as number) + 1;
    let sizes: Float64Array | undefined;
    const orders = new Map<SortKey, KeyOrder>();
    return {
      sizes() {
        if (!sizes) {
          const columns = sizeColumns.get() as { rids: string; sizes: string };
          const values = JSON.parse(columns.sizes) as number[];
          const byRid = new Float64Array(slots);
          (JSON.parse(columns.rids) as number[]).forEach((rid, i) => {
            byRid[rid] = values[i] as number;
          });
          sizes = byRid;
        }
        return sizes;
      },
      order(key) {
        let order = orders.get(key);
        if (!order) {
          const rids = Int32Array.from(orderQueries[key].all() as number[]);
          const position = new Int32Array(slots);
          rids.forEach((rid, i) => {
            position[rid] = i;
          });
          order = { rids, position };
          orders.set(key, order);
        }
        return order;
      },
    };
  };
  return () => {
    const now = version.get();
    if (!cache || now !== seen) {
      seen = now;
      cache = load();
    }
    return cache;
  };
}
