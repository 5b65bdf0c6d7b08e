// One error class for every format reader, so callers branch on a stable `code` instead of
// parsing messages. Parsers that work on bytes throw without a path; the file-level reader
// adds it with `withPath` so the message a user sees names the file.

export type IdentifyErrorCode =
  /** The header is not what the format requires (bad JSON, bad entry, overlapping data ...). */
  | "BAD_HEADER"
  /** A length in the header is larger than this reader accepts (hostile or corrupt). */
  | "HEADER_TOO_LARGE"
  /** The file ends before the data its header describes. */
  | "TRUNCATED"
  /** A zip container whose directory cannot be read. */
  | "BAD_ZIP"
  /** The path does not exist. */
  | "NOT_FOUND";

export class IdentifyError extends Error {
  override readonly name = "IdentifyError";

  constructor(
    readonly code: IdentifyErrorCode,
    message: string,
    readonly path: string | null = null,
  ) {
    super(path === null ? message : `${path}: ${message}`);
  }

  /** The same error naming the file it came from (once). */
  withPath(path: string): IdentifyError {
    if (this.path !== null) return this;
    return new IdentifyError(this.code, this.message, path);
  }
}
