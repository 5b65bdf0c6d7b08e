/** Stable codes of {@link IndexError}. */
export type IndexErrorCode =
  | "OPEN_FAILED" // the file cannot be opened as an index (missing when read-only, not a database, no permission)
  | "INDEX_TOO_NEW" // the file's schema version is newer than this code knows
  | "INDEX_OUTDATED" // the file needs a migration but was opened read-only
  | "BAD_MIGRATIONS" // the migration step list is not numbered 1, 2, 3, ...
  | "INVALID_DOCUMENT" // a model document is missing a field or has one of the wrong type
  | "BAD_QUERY" // a search/lookup option has a value we cannot use (the query text never is)
  | "READONLY" // a write on an index opened read-only
  | "CLOSED" // the index was used after close()
  | "BUSY" // another connection held the write lock for longer than the busy timeout
  | "CORRUPT" // SQLite reports the file is damaged: delete it and rebuild (it is a cache)
  | "IO_ERROR" // the disk failed or is full
  | "SQLITE_ERROR"; // any other SQLite failure

/** Every failure of this package. Messages start with the index file they concern. */
export class IndexError extends Error {
  readonly code: IndexErrorCode;

  constructor(code: IndexErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "IndexError";
    this.code = code;
  }
}

const SQLITE_CODES: ReadonlyArray<[prefix: string, code: IndexErrorCode, what: string]> = [
  ["SQLITE_BUSY", "BUSY", "index is busy (another process is writing)"],
  ["SQLITE_LOCKED", "BUSY", "index is busy (another process is writing)"],
  ["SQLITE_READONLY", "READONLY", "index is read-only"],
  ["SQLITE_CORRUPT", "CORRUPT", "index file is corrupt (delete it and reindex)"],
  ["SQLITE_NOTADB", "CORRUPT", "not an index database (delete it and reindex)"],
  ["SQLITE_FULL", "IO_ERROR", "disk full"],
  ["SQLITE_IOERR", "IO_ERROR", "disk I/O error"],
  ["SQLITE_CANTOPEN", "OPEN_FAILED", "cannot open the index file"],
  ["SQLITE_PERM", "OPEN_FAILED", "permission denied"],
];

/** Wraps a better-sqlite3 failure on the index at `dbPath` (an IndexError passes through). */
export function toIndexError(error: unknown, dbPath: string): IndexError {
  if (error instanceof IndexError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  // better-sqlite3 throws a plain TypeError for calls on a closed connection.
  if (error instanceof TypeError && /database connection is not open/.test(reason)) {
    return new IndexError("CLOSED", `${dbPath}: index is closed`, { cause: error });
  }
  const sqliteCode = (error as { code?: unknown } | undefined)?.code;
  if (typeof sqliteCode === "string") {
    const known = SQLITE_CODES.find(([prefix]) => sqliteCode.startsWith(prefix));
    if (known) return new IndexError(known[1], `${dbPath}: ${known[2]}: ${reason}`, { cause: error });
  }
  return new IndexError("SQLITE_ERROR", `${dbPath}: ${reason}`, { cause: error });
}
