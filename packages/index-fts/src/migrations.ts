import { FACET_MARK } from "./facet-token.js";
import { fillSearchIndex } from "./fill-search-index.js";
import { FTS_COLUMNS } from "./fts-columns.js";
import type { Migration } from "./run-migrations.js";

// Version 1's FTS columns, each a models column of the same name.
const V1_FTS_COLUMNS = [
  "name",
  "official_name",
  "architecture",
  "base_model",
  "type",
  "format",
  "quantization",
  "tags",
  "repo",
  "publisher",
  "notes",
  "facets",
];
const ftsList = V1_FTS_COLUMNS.join(", ");
const ftsValues = (row: "new" | "old") => V1_FTS_COLUMNS.map((c) => `${row}.${c}`).join(", ");
// The filter columns ride along in the sort indexes, so a walk tests them without reading rows.
const FILTER_COLUMNS = "type, format, architecture, quantization, source";

/**
 * The schema, one step per version. Append steps; never edit a released one (the index is a
 * cache, but migrating keeps `mlib` usable without a full reindex after an upgrade).
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "models and models_fts (external content, kept in sync by triggers)",
    up(db) {
      // `tags` is the JSON array text: its brackets and quotes are separators for the tokenizer.
      // The (field, size) indexes cover stats(), which groups NOCASE (`LLM` with `llm`); the
      // (key, id) indexes serve sorted pages; the partial hash indexes serve findByHash.
      db.exec(`
        CREATE TABLE models (
          rid INTEGER PRIMARY KEY,
          id TEXT NOT NULL UNIQUE,
          name TEXT NOT NULL COLLATE NOCASE,
          official_name TEXT,
          type TEXT NOT NULL COLLATE NOCASE,
          subtype TEXT,
          format TEXT NOT NULL COLLATE NOCASE,
          architecture TEXT COLLATE NOCASE,
          base_model TEXT,
          quantization TEXT COLLATE NOCASE,
          parameter_count INTEGER,
          context_length INTEGER,
          size INTEGER NOT NULL,
          sha256 TEXT COLLATE NOCASE,
          blake3 TEXT COLLATE NOCASE,
          fast_hash TEXT COLLATE NOCASE,
          tags TEXT NOT NULL,
          repo TEXT,
          publisher TEXT,
          notes TEXT,
          source TEXT NOT NULL,
          path TEXT NOT NULL,
          added_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          added_ms INTEGER NOT NULL,
          facets TEXT NOT NULL
        );
        CREATE INDEX models_name ON models(name, id);
        CREATE INDEX models_size ON models(size, id);
        CREATE INDEX models_added ON models(added_ms, id);
        CREATE INDEX models_type ON models(type, size);
        CREATE INDEX models_format ON models(format, size);
        CREATE INDEX models_architecture ON models(architecture, size);
        CREATE INDEX models_quantization ON models(quantization, size);
        CREATE INDEX models_sha256 ON models(sha256) WHERE sha256 IS NOT NULL;
        CREATE INDEX models_blake3 ON models(blake3) WHERE blake3 IS NOT NULL;
        CREATE INDEX models_fast_hash ON models(fast_hash) WHERE fast_hash IS NOT NULL;

        CREATE VIRTUAL TABLE models_fts USING fts5(
          ${ftsList},
          content = 'models', content_rowid = 'rid',
          tokenize = "unicode61 remove_diacritics 2 tokenchars '${FACET_MARK}'", prefix = '2 3'
        );
        CREATE TRIGGER models_fts_insert AFTER INSERT ON models BEGIN
          INSERT INTO models_fts(rowid, ${ftsList}) VALUES (new.rid, ${ftsValues("new")});
        END;
        CREATE TRIGGER models_fts_delete AFTER DELETE ON models BEGIN
          INSERT INTO models_fts(models_fts, rowid, ${ftsList}) VALUES ('delete', old.rid, ${ftsValues("old")});
        END;
        CREATE TRIGGER models_fts_update AFTER UPDATE ON models BEGIN
          INSERT INTO models_fts(models_fts, rowid, ${ftsList}) VALUES ('delete', old.rid, ${ftsValues("old")});
          INSERT INTO models_fts(rowid, ${ftsList}) VALUES (new.rid, ${ftsValues("new")});
        END;
      `);
    },
  },
  {
    version: 2,
    description: "models_fts contentless in five columns with n-gram terms; filters in the sort indexes",
    up(db) {
      // The index now holds more than the models table (n-gram terms computed in JS, fields
      // merged by search weight), so it has no content table and no triggers: the writer puts
      // each row in, and takes it out with the values recomputed from the stored model, in the
      // same transaction as the model's row. (contentless_delete would not need the old values,
      // but its tombstones made searches after 10,000 updates several times slower.) No prefix
      // index: prefix terms (prefix-terms.ts) replace it.
      db.exec(`
        DROP TRIGGER models_fts_insert;
        DROP TRIGGER models_fts_delete;
        DROP TRIGGER models_fts_update;
        DROP TABLE models_fts;
        CREATE VIRTUAL TABLE models_fts USING fts5(
          ${FTS_COLUMNS.join(", ")},
          content = '',
          tokenize = "unicode61 remove_diacritics 2 tokenchars '${FACET_MARK}'"
        );
        DROP INDEX models_name;
        DROP INDEX models_size;
        DROP INDEX models_added;
        CREATE INDEX models_name ON models(name, id, ${FILTER_COLUMNS});
        CREATE INDEX models_size ON models(size, id, ${FILTER_COLUMNS});
        CREATE INDEX models_added ON models(added_ms, id, ${FILTER_COLUMNS});
      `);
      db.exec("CREATE TABLE index_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID");
      fillSearchIndex(db);
    },
  },
];
