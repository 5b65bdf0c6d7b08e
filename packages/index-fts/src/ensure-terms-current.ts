import type Database from "better-sqlite3";
import { fillSearchIndex } from "./fill-search-index.js";

/**
 * Rebuilds the search index when it was written under another Unicode version than this Node
 * runs (true when a rebuild ran). Deleting a model's FTS row recomputes its terms from the stored
 * row, and which characters are letters (how text splits into tokens) follows the Unicode data
 * of the JavaScript engine: terms computed under other data would not be the ones stored, and
 * FTS5 corrupts an index told to delete terms it does not hold.
 */
export function ensureTermsCurrent(db: Database.Database): boolean {
  const stored = db.prepare("SELECT value FROM index_meta WHERE key = 'terms_unicode'").pluck();
  const current = () => stored.get() === (process.versions.unicode ?? "");
  if (current()) return false;
  // Checked again under the write lock: another process may have rebuilt it meanwhile.
  return db
    .transaction(() => {
      if (current()) return false;
      db.exec("INSERT INTO models_fts(models_fts) VALUES ('delete-all')");
      fillSearchIndex(db);
      return true;
    })
    .immediate();
}
