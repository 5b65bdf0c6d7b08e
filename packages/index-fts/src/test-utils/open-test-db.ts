import { join } from "node:path";
import Database from "better-sqlite3";
import { createModelWriter, type ModelWriter } from "../create-model-writer.js";
import type { IndexedModel } from "../indexed-model.js";
import { MIGRATIONS } from "../migrations.js";
import { runMigrations } from "../run-migrations.js";

/** A migrated index file in `dir` opened with plain better-sqlite3, for tests of the parts. */
export function openTestDb(dir: string): {
  db: Database.Database;
  path: string;
  writer: ModelWriter;
  write(docs: IndexedModel[]): void;
} {
  const path = join(dir, "index.db");
  const db = new Database(path);
  runMigrations(db, MIGRATIONS, path);
  const writer = createModelWriter(db, path);
  return {
    db,
    path,
    writer,
    write: (docs) =>
      db.transaction(() => {
        for (const doc of docs) writer.upsert(doc);
      })(),
  };
}
