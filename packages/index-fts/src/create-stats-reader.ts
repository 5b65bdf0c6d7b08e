import type Database from "better-sqlite3";

/** Models sharing one value of a field. */
export interface StatsBucket {
  /** The field's value; null for models that have none. */
  value: string | null;
  count: number;
  /** Sum of `size` in bytes. */
  size: number;
}

export interface IndexStats {
  count: number;
  totalSize: number;
  /** Each list is sorted by count, biggest first, then by value. */
  byType: StatsBucket[];
  byArchitecture: StatsBucket[];
  byFormat: StatsBucket[];
  byQuantization: StatsBucket[];
}

/** Prepares the statistics query for one connection. */
export function createStatsReader(db: Database.Database): () => IndexStats {
  const totals = db.prepare<[], { count: number; totalSize: number }>(
    "SELECT count(*) AS count, coalesce(sum(size), 0) AS totalSize FROM models",
  );
  // The grouped columns are NOCASE, so `LLM` and `llm` share a bucket.
  const grouped = (column: string) =>
    db.prepare<[], StatsBucket>(
      `SELECT ${column} AS value, count(*) AS count, coalesce(sum(size), 0) AS size
       FROM models GROUP BY ${column} ORDER BY count DESC, value ASC`,
    );
  const byType = grouped("type");
  const byArchitecture = grouped("architecture");
  const byFormat = grouped("format");
  const byQuantization = grouped("quantization");
  return () => ({
    ...(totals.get() as { count: number; totalSize: number }),
    byType: byType.all(),
    byArchitecture: byArchitecture.all(),
    byFormat: byFormat.all(),
    byQuantization: byQuantization.all(),
  });
}
