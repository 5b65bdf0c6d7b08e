/** Stable codes of {@link HfError}. */
export type HfErrorCode =
  | "BAD_CONFIG" // HF_ENDPOINT (or another setting) cannot be used
  | "BAD_SPEC" // a model spec, repo id or file path that is not well formed
  | "OFFLINE" // HF_HUB_OFFLINE is set and the answer needs the network
  | "FORBIDDEN_URL" // a request to an origin other than the configured endpoint
  | "UNAUTHORIZED" // gated or private repo: a token (or access to the repo) is needed
  | "NOT_FOUND" // repo, revision or file does not exist
  | "VARIANT_NOT_FOUND" // the repo has no variant or file by that name
  | "AMBIGUOUS_VARIANT" // several variants and no way to pick one: name it
  | "UNVERIFIABLE" // the hub lists no hash for a file, so it cannot be verified
  | "HTTP" // any other error answer
  | "BAD_RESPONSE" // the hub answered something inconsistent (wrong range, size)
  | "NETWORK" // the network failed and retries are used up (the partial download is kept)
  | "INTEGRITY" // downloaded bytes do not hash to what the hub lists
  | "DEST_EXISTS" // the destination holds a different file; it is never overwritten
  | "IO_ERROR" // writing or hashing the download failed on this machine (disk full, ...)
  | "DB_ERROR" // the SQLite file for the search cache or download queue cannot be used
  | "NO_SUCH_DOWNLOAD" // a download queue id that does not exist
  | "BAD_STATE" // a download queue action that does not apply to the entry's state
  | "ABORTED"; // the caller's AbortSignal fired

/** Every failure of this package; messages are one line, fit to show a user. */
export class HfError extends Error {
  readonly code: HfErrorCode;

  constructor(code: HfErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = code === "ABORTED" ? "AbortError" : "HfError";
  }
}

/** HF_HUB_OFFLINE is set: nothing may reach the network. */
export class OfflineError extends HfError {
  constructor(what: string) {
    super("OFFLINE", `HF_HUB_OFFLINE is set: ${what}`);
    this.name = "OfflineError";
  }
}

/** Downloaded bytes whose hash is not the one the hub lists. The partial file is deleted. */
export class IntegrityError extends HfError {
  readonly file: string;
  readonly algorithm: "sha256" | "git-sha1";
  readonly expected: string;
  readonly actual: string;

  constructor(file: string, algorithm: "sha256" | "git-sha1", expected: string, actual: string) {
    super(
      "INTEGRITY",
      `${file}: downloaded bytes do not match the hub (${algorithm} expected ${expected}, got ${actual}); the partial file was deleted`,
    );
    this.name = "IntegrityError";
    this.file = file;
    this.algorithm = algorithm;
    this.expected = expected;
    this.actual = actual;
  }
}
