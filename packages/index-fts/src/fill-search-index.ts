import type Database from "better-sqlite3";
import { INSERT_FTS_ROW } from "./fts-columns.js";
import { type ModelRow, rowToModel } from "./row-to-model.js";
import { toFtsRow } from "./to-fts-row.js";

const BATCH = 1000;

/**
 * Indexes every row of `models` into an empty `models_fts`, and records the Unicode version the
 * terms were computed with (see ensure-terms-current.ts). Call it inside a transaction.
 */
export function fillSearchIndex(db: Database.Database): void {
  db.prepare("INSERT OR REPLACE INTO index_meta (key, value) VALUES ('terms_unicode', ?)").run(
    process.versions.unicode ?? "",
  );
  const insert = db.prepare(INSERT_FTS_ROW);
  const batch = db.prepare<[number, number], ModelRow & { facets: string }>(
    "SELECT * FROM models WHERE rid > ? ORDER BY rid LIMIT ?",
  );
  // In batches: better-sqlite3 cannot write while a statement is still being iterated.
  for (let after = 0; ; ) {
    const rows = batch.all(after, BATCH);
    for (const row of rows) insert.run(row.rid, ...toFtsRow(rowToModel(row), row.facets));
    const last = rows.at(-1);
    if (!last || rows.length < BATCH) return;
    after = last.rid;
  }
}
