import type { ModelIndex } from "@ml/index-fts";
import type { LibraryPaths } from "./library-paths.js";
import type { ModelRecord } from "./model-record.js";

/** What changed in the library, for the watcher and the server. */
export interface LibraryChange {
  kind: "added" | "updated" | "removed";
  id: string;
}

/** What the operations (import, remove, reindex ...) need from an open library. */
export interface LibraryContext {
  readonly paths: LibraryPaths;
  readonly index: ModelIndex;
  /** Runs `fn` holding the writer lock: this library's own queue first, then `.mlib/lock`. */
  withLock<T>(fn: () => Promise<T>): Promise<T>;
  /** Tells the `onChange` listeners (after the change is on disk and in the index). */
  emitChange(change: LibraryChange): void;
  /** Runs the `onBeforeRemove` hooks; throws REMOVE_BLOCKED when one fails. */
  beforeRemove(record: ModelRecord): Promise<void>;
}
