import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { HfError } from "./hf-error.js";

// Tables are prefixed: the caller may give a database it also uses for other things.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS hf_search_cache (
  key TEXT PRIMARY KEY,
  items TEXT NOT NULL,
  fetched_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS hf_downloads (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  spec TEXT NOT NULL,
  revision TEXT,
  dest TEXT NOT NULL,
  own_dest INTEGER NOT NULL,
  state TEXT NOT NULL,
  reason TEXT,
  code TEXT,
  bytes_done INTEGER NOT NULL DEFAULT 0,
  bytes_total INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  result TEXT,
  runner_pid INTEGER
);`;

/** The SQLite file holding the search cache and the download queue (WAL, so readers never block). */
export function openStateDb(path: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
    db.pragma("journal_mode = WAL");
    db.pragma("busy_timeout = 5000");
    db.exec(SCHEMA);
    return db;
  } catch (error) {
    db?.close();
    throw new HfError("DB_ERROR", `${path}: cannot use this SQLite database: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
