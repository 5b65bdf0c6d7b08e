import Database from "better-sqlite3";
import { createHashFinder, type HashQuery } from "./create-hash-finder.js";
import { createModelSearcher, type SearchResult } from "./create-model-searcher.js";
import { createModelWriter } from "./create-model-writer.js";
import { createStatsReader, type IndexStats } from "./create-stats-reader.js";
import { ensureTermsCurrent } from "./ensure-terms-current.js";
import { IndexError, toIndexError } from "./index-error.js";
import type { IndexedModel } from "./indexed-model.js";
import { MIGRATIONS } from "./migrations.js";
import type { SearchQuery } from "./parse-search-query.js";
import { type ModelRow, rowToModel } from "./row-to-model.js";
import { runMigrations } from "./run-migrations.js";

export interface OpenModelIndexOptions {
  /** Open for reading only: the file must exist at the current schema version. */
  readonly?: boolean;
  /** How long a write waits for another connection's write lock, in ms (default 5000). */
  busyTimeoutMs?: number;
}

/** Result of {@link ModelIndex.checkIntegrity}. */
export interface IntegrityReport {
  ok: boolean;
  problems: string[];
}

/**
 * A search index over model documents, in one SQLite file. Synchronous: every call runs to
 * completion on the calling thread (searches take well under a millisecond to a few ms).
 * Every failure is an {@link IndexError}.
 */
export interface ModelIndex {
  /** The file this index lives in. */
  readonly path: string;
  readonly readonly: boolean;
  /** Inserts the model, or replaces the one with the same id. */
  upsert(doc: IndexedModel): void;
  /** Upserts all of `docs` in one transaction: all are written or none. Returns how many. */
  upsertMany(docs: Iterable<IndexedModel>): number;
  /** Deletes the model with `id`; true when there was one. */
  remove(id: string): boolean;
  get(id: string): IndexedModel | null;
  count(): number;
  /** Makes `docs` the whole content, in one transaction (a reindex): on any error nothing changes. */
  replaceAll(docs: Iterable<IndexedModel>): number;
  /** Models having any of the given digests, sorted by id. */
  findByHash(query: HashQuery): IndexedModel[];
  search(query?: SearchQuery): SearchResult;
  stats(): IndexStats;
  /**
   * SQLite's and FTS5's own consistency checks (for `mlib doctor`); a failure means: reindex.
   * FTS5's check is written as an INSERT, so a read-only index runs SQLite's check alone.
   */
  checkIntegrity(): IntegrityReport;
  /** Closes the file. Calling it again does nothing; any other call afterwards throws CLOSED. */
  close(): void;
}

/**
 * Opens (creating it if needed, unless read-only) the index at `dbPath` and migrates its schema
 * forward. The index owns the file and its `user_version`: keep other state in another file.
 */
export function openModelIndex(dbPath: string, opts: OpenModelIndexOptions = {}): ModelIndex {
  const readonly = opts.readonly === true;
  let db: Database.Database;
  try {
    db = new Database(dbPath, { readonly, fileMustExist: readonly });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new IndexError("OPEN_FAILED", `${dbPath}: cannot open index: ${reason}`, { cause: error });
  }
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(opts.busyTimeoutMs ?? 5000))}`);
    db.pragma("foreign_keys = ON");
    // Searches touch many pages of the FTS index: map the file and keep a bigger page cache
    // (both are upper bounds, not allocations).
    db.pragma("mmap_size = 268435456");
    db.pragma("cache_size = -65536");
    if (readonly) {
      const version = db.pragma("user_version", { simple: true }) as number;
      if (version > MIGRATIONS.length) runMigrations(db, MIGRATIONS, dbPath); // throws INDEX_TOO_NEW
      if (version < MIGRATIONS.length) {
        throw new IndexError(
          "INDEX_OUTDATED",
          `${dbPath}: index schema version ${version} needs migrating to ${MIGRATIONS.length}; open it writable once`,
        );
      }
    } else {
      // WAL: readers never block the writer nor each other; NORMAL sync is durable enough for a cache.
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      runMigrations(db, MIGRATIONS, dbPath);
      ensureTermsCurrent(db);
    }
    return createModelIndex(db, dbPath, readonly);
  } catch (error) {
    db.close();
    throw toIndexError(error, dbPath);
  }
}

function createModelIndex(db: Database.Database, dbPath: string, readonly: boolean): ModelIndex {
  const writer = createModelWriter(db, dbPath);
  const search = createModelSearcher(db, dbPath);
  const findByHash = createHashFinder(db, dbPath);
  const stats = createStatsReader(db);
  const getRow = db.prepare<[string], ModelRow>("SELECT * FROM models WHERE id = ?");
  const countRows = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM models");

  const guard = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      throw toIndexError(error, dbPath);
    }
  };
  const write = <T>(fn: () => T): T => {
    if (readonly) throw new IndexError("READONLY", `${dbPath}: index was opened read-only`);
    return guard(() => db.transaction(fn).immediate());
  };
  const upsertAll = (docs: Iterable<IndexedModel>) => {
    let n = 0;
    for (const doc of docs) {
      writer.upsert(doc);
      n++;
    }
    return n;
  };

  return {
    path: dbPath,
    readonly,
    upsert: (doc) => write(() => writer.upsert(doc)),
    upsertMany: (docs) => write(() => upsertAll(docs)),
    remove: (id) => write(() => writer.remove(id)),
    get: (id) =>
      guard(() => {
        const row = getRow.get(id);
        return row ? rowToModel(row) : null;
      }),
    count: () => guard(() => (countRows.get() as { n: number }).n),
    replaceAll: (docs) =>
      write(() => {
        writer.clear();
        return upsertAll(docs);
      }),
    findByHash: (query) => guard(() => findByHash(query)),
    search: (query) => guard(() => search(query)),
    stats: () => guard(() => stats()),
    checkIntegrity: () =>
      guard(() => {
        const problems = (db.pragma("quick_check") as { quick_check: string }[])
          .map((r) => r.quick_check)
          .filter((r) => r !== "ok");
        try {
          if (!readonly) db.prepare("INSERT INTO models_fts(models_fts) VALUES ('integrity-check')").run();
        } catch (error) {
          problems.push(`search index: ${error instanceof Error ? error.message : String(error)}`);
        }
        // The FTS5 check covers the index itself; whether it holds every model and nothing else
        // is ours to compare, since the index has no content table.
        const missing = db
          .prepare("SELECT id FROM models WHERE rid NOT IN (SELECT rowid FROM models_fts) ORDER BY id")
          .pluck()
          .all() as string[];
        if (missing.length) {
          const some = missing.slice(0, 3).map((id) => JSON.stringify(id));
          problems.push(`search index: ${missing.length} model(s) not indexed, e.g. ${some.join(", ")}`);
        }
        const ghosts = db
          .prepare("SELECT count(*) FROM models_fts WHERE rowid NOT IN (SELECT rid FROM models)")
          .pluck()
          .get() as number;
        if (ghosts) problems.push(`search index: ${ghosts} row(s) of models no longer there`);
        return { ok: problems.length === 0, problems };
      }),
    close: () => {
      if (!db.open) return;
      if (!readonly) guard(() => db.pragma("optimize"));
      db.close();
    },
  };
}
