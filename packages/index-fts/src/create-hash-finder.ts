import type Database from "better-sqlite3";
import { IndexError } from "./index-error.js";
import type { IndexedModel } from "./indexed-model.js";
import { type ModelRow, rowToModel } from "./row-to-model.js";

/** Digests to look for; a model matches when any given one is equal (hex compared case-insensitively). */
export interface HashQuery {
  sha256?: string | null;
  blake3?: string | null;
  fastHash?: string | null;
}

const KEYS = ["sha256", "blake3", "fastHash"] as const;

/** Prepares hash lookup for one connection. `label` names the index in errors. */
export function createHashFinder(db: Database.Database, label: string): (query: HashQuery) => IndexedModel[] {
  // Each column has its own partial index; SQLite answers the OR with one index lookup per term.
  const find = db.prepare<Record<(typeof KEYS)[number], string | null>, ModelRow>(
    "SELECT * FROM models WHERE sha256 = @sha256 OR blake3 = @blake3 OR fast_hash = @fastHash ORDER BY id",
  );
  return (query) => {
    const given = Object.fromEntries(KEYS.map((k) => [k, query?.[k] ?? null])) as Record<
      (typeof KEYS)[number],
      string | null
    >;
    const bad = KEYS.filter((k) => given[k] !== null && (typeof given[k] !== "string" || given[k] === ""));
    if (bad.length || KEYS.every((k) => given[k] === null)) {
      throw new IndexError(
        "BAD_QUERY",
        `${label}: findByHash needs at least one of ${KEYS.join(", ")} as a non-empty string`,
      );
    }
    return find.all(given).map(rowToModel);
  };
}
