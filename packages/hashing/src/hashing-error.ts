/** Stable codes of {@link HashingError}. */
export type HashingErrorCode =
  | "ENOENT" // the file does not exist
  | "EISDIR" // the path is a directory
  | "EACCES" // no permission to read the file
  | "NOT_A_FILE" // a device, FIFO or socket: no stable size to hash
  | "IO_ERROR" // any other read failure
  | "FILE_CHANGED" // the file's size changed while it was read
  | "ABORTED" // the caller's AbortSignal fired, or abort() was called
  | "BAD_DIGEST" // an expected digest is not hex of the right length
  | "BAD_OPTION" // an option or MLIB_BLAKE3 has a value we cannot use
  | "ENGINE_UNAVAILABLE" // the native BLAKE3 engine was required but does not load here
  | "WORKER_FAILED" // the BLAKE3 worker thread died
  | "INVALID_STATE"; // a dual hasher used after digest()/abort(), or update() before the last one settled

/**
 * Every failure of this package. Messages start with the file (or "stream") they concern.
 * `name` is "AbortError" for code ABORTED, so generic `err.name === "AbortError"` checks work.
 */
export class HashingError extends Error {
  readonly code: HashingErrorCode;

  constructor(code: HashingErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = code === "ABORTED" ? "AbortError" : "HashingError";
  }
}

const FS_CODES: Partial<Record<string, [HashingErrorCode, string]>> = {
  ENOENT: ["ENOENT", "no such file"],
  ENOTDIR: ["ENOENT", "no such file (a parent is not a folder)"],
  EISDIR: ["EISDIR", "is a directory, not a file"],
  EACCES: ["EACCES", "permission denied"],
  EPERM: ["EACCES", "permission denied"],
};

/** Wraps a node:fs failure on `path` (anything else that is already a HashingError passes through). */
export function toHashingError(error: unknown, path: string): HashingError {
  if (error instanceof HashingError) return error;
  const fsCode = (error as NodeJS.ErrnoException | undefined)?.code;
  const known = fsCode ? FS_CODES[fsCode] : undefined;
  if (known) return new HashingError(known[0], `${path}: ${known[1]}`, { cause: error });
  const reason = error instanceof Error ? error.message : String(error);
  return new HashingError("IO_ERROR", `${path}: cannot read: ${reason}`, { cause: error });
}

/** The error to reject with when `signal` fired while working on `label`. */
export function abortedError(label: string, reason?: unknown): HashingError {
  return new HashingError("ABORTED", `${label}: hashing aborted`, { cause: reason });
}
