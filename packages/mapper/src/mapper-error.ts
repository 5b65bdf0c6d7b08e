/** Stable codes callers can branch on. */
export type MapperErrorCode =
  /** An argument has the wrong shape: a relative target, an unknown strategy, a bad model record. */
  | "BAD_INPUT"
  /** A profile (built in or from user rules) cannot be used. */
  | "BAD_PROFILE"
  /** No built-in profile has this name. */
  | "UNKNOWN_APP"
  /** The strategy cannot work for this app (symlinks into Ollama blobs, config mode without a config file). */
  | "UNSUPPORTED_STRATEGY"
  /** The link registry file cannot be read or has the wrong shape. */
  | "BAD_REGISTRY"
  /** An app config file (extra_model_paths.yaml) cannot be parsed, so it is left untouched. */
  | "BAD_CONFIG"
  /** A file system operation failed. */
  | "IO_ERROR";

export class MapperError extends Error {
  readonly code: MapperErrorCode;

  constructor(code: MapperErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MapperError";
    this.code = code;
  }
}

/** The node:fs error code of `error`, if it has one. */
export function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}
