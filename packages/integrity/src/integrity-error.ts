export type IntegrityErrorCode =
  /** The cache folder does not exist. */
  | "CACHE_NOT_FOUND"
  /** The path exists but is not a Hugging Face hub cache (a file, a repo folder, an unrelated folder). */
  | "NOT_A_CACHE"
  /** The cache folder exists but cannot be listed. */
  | "UNREADABLE"
  /** A repo asked for by id is not in the cache. */
  | "REPO_NOT_FOUND"
  /** A verify report handed to `purgeCorrupt` was made for another cache folder. */
  | "REPORT_MISMATCH";

/** Every error this package throws on purpose; `code` is stable, `path` names the file or folder concerned. */
export class IntegrityError extends Error {
  override readonly name = "IntegrityError";
  readonly code: IntegrityErrorCode;
  readonly path: string;

  constructor(code: IntegrityErrorCode, path: string, message: string, options?: { cause?: unknown }) {
    super(`${path}: ${message}`, options);
    this.code = code;
    this.path = path;
  }
}
