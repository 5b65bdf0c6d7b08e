import type Database from "better-sqlite3";
import { IndexError } from "./index-error.js";

/** One forward step of the schema: `up` takes the database from `version - 1` to `version`. */
export interface Migration {
  version: number;
  description: string;
  up(db: Database.Database): void;
}

/**
 * Brings the database at `dbPath` to the last version of `steps` (numbered 1, 2, 3, ...),
 * one transaction per step, so a failing step leaves the previous version intact.
 * `PRAGMA user_version` records the version. Returns the version reached.
 */
export function runMigrations(db: Database.Database, steps: readonly Migration[], dbPath: string): number {
  steps.forEach((step, i) => {
    if (step.version !== i + 1) {
      throw new IndexError(
        "BAD_MIGRATIONS",
        `${dbPath}: migration #${i} has version ${step.version}, expected ${i + 1}`,
      );
    }
  });
  const latest = steps.length;
  const current = () => db.pragma("user_version", { simple: true }) as number;
  const checkNotTooNew = (version: number) => {
    if (version > latest) {
      throw new IndexError(
        "INDEX_TOO_NEW",
        `${dbPath}: index schema version ${version} is newer than this mlib knows (${latest}); upgrade mlib or delete the file and reindex`,
      );
    }
  };
  const start = current();
  checkNotTooNew(start);
  if (start === latest) return latest;
  for (const step of steps) {
    // IMMEDIATE takes the write lock first, and the version is re-read under it, so two
    // processes opening the same old file cannot both run a step.
    db.transaction(() => {
      const version = current();
      checkNotTooNew(version);
      if (version >= step.version) return;
      step.up(db);
      db.pragma(`user_version = ${step.version}`);
    }).immediate();
  }
  return current();
}
