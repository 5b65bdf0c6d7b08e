/** Stable codes callers (the CLI, the server) branch on. */
export type LibraryErrorCode =
  /** The folder holds no library (no `.mlib/`) and `create` was not asked. */
  | "NOT_A_LIBRARY"
  /** Another process holds `.mlib/lock` past the wait; `holder` says who. */
  | "LIBRARY_LOCKED"
  /** A metadata.json that cannot be read, is not JSON or does not match the schema. */
  | "BAD_METADATA"
  /** An overrides.json (or a patch for it) that does not match the schema. */
  | "BAD_OVERRIDES"
  /** No model has this id (or id prefix). */
  | "NOT_FOUND"
  /** An id prefix that matches more than one model; `candidates` lists them. */
  | "AMBIGUOUS_ID"
  /** A model folder that would resolve outside the library, to its root or into `.mlib`. */
  | "UNSAFE_PATH"
  /** An `onBeforeRemove` hook refused the removal (its error is the cause). */
  | "REMOVE_BLOCKED"
  /** The library is closed. */
  | "CLOSED"
  /** A pull ended without files to import: failed (the reason says why), paused or cancelled. */
  | "PULL_FAILED";

export interface LockHolder {
  pid: number;
  hostname: string;
  /** ISO time the lock was taken. */
  since: string;
}

export class LibraryError extends Error {
  override readonly name = "LibraryError";
  readonly code: LibraryErrorCode;
  /** The file or folder the error is about, when there is one. */
  readonly path: string | null;
  /** For LIBRARY_LOCKED: the process holding the lock, when its lock file could be read. */
  readonly holder: LockHolder | null;
  /** For AMBIGUOUS_ID: the matching ids. */
  readonly candidates: string[];

  constructor(
    code: LibraryErrorCode,
    message: string,
    options: { path?: string; holder?: LockHolder; candidates?: string[]; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.path = options.path ?? null;
    this.holder = options.holder ?? null;
    this.candidates = options.candidates ?? [];
  }
}
