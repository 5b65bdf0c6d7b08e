/** Stable codes callers can branch on. */
export type ShardingErrorCode =
  /** An argument has the wrong shape (not an array of strings, no files, ...). */
  | "BAD_INPUT"
  /** A parsed `*.index.json` is not a usable weight map. */
  | "BAD_INDEX"
  /** Files given to `validateShardSet` are not shards of one set. */
  | "NOT_ONE_SET";

export class ShardingError extends Error {
  readonly code: ShardingErrorCode;

  constructor(code: ShardingErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ShardingError";
    this.code = code;
  }
}
