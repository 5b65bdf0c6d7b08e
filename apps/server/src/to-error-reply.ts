import { ServerError } from "./server-error.js";

export interface ErrorReply {
  statusCode: number;
  body: { error: string; code: string };
  headers: Record<string, string>;
  /** The error is not one a caller can act on: log it (its message and stack stay in the log). */
  internal: boolean;
}

// Codes of the typed errors of @ml/library, @ml/index-fts, @ml/mapper, the Downloads adapter ...
// that are not "bad input" (400).
const STATUS_OF_CODE: Record<string, number> = {
  NOT_FOUND: 404,
  UNKNOWN_APP: 404,
  UNKNOWN_JOB: 404,
  AMBIGUOUS_ID: 409,
  REMOVE_BLOCKED: 409,
  LIBRARY_LOCKED: 409,
  CONFLICT: 409,
  CLOSED: 503,
};

/**
 * What to answer for an error. Typed errors (a class with a stable upper-case `code`) are the
 * caller's problem: 4xx `{error, code}` with their one-line message. Anything else (a system
 * error, a bug) is `500 {error: "internal error"}`: its detail goes to the log, never to the client.
 */
export function toErrorReply(error: unknown): ErrorReply {
  if (error instanceof ServerError) {
    return {
      statusCode: error.statusCode,
      body: { error: error.message, code: error.code },
      headers: error.hubCode ? { "X-Error-Code": error.hubCode } : {},
      internal: false,
    };
  }
  const e = (error ?? {}) as {
    code?: unknown;
    statusCode?: unknown;
    message?: unknown;
    validation?: unknown;
  };
  const message = typeof e.message === "string" && e.message !== "" ? e.message : "bad request";
  // Fastify's own refusals (validation, body too large, bad JSON, unsupported media type).
  if (typeof e.statusCode === "number" && e.statusCode >= 400 && e.statusCode < 500) {
    const code = e.validation ? "BAD_REQUEST" : typeof e.code === "string" ? e.code : "BAD_REQUEST";
    return { statusCode: e.statusCode, body: { error: message, code }, headers: {}, internal: false };
  }
  if (isTypedError(error)) {
    const code = (error as { code: string }).code;
    return {
      statusCode: STATUS_OF_CODE[code] ?? 400,
      body: { error: message, code },
      headers: {},
      internal: false,
    };
  }
  return {
    statusCode: 500,
    body: { error: "internal error", code: "INTERNAL" },
    headers: {},
    internal: true,
  };
}

/** A library-style typed error, not a system error (`errno`/`syscall`), Node's `ERR_*` or an abort. */
function isTypedError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code } = error as { code?: unknown };
  return (
    typeof code === "string" &&
    /^[A-Z][A-Z0-9_]*$/.test(code) &&
    !code.startsWith("ERR_") &&
    !code.startsWith("FST_") &&
    code !== "ABORT_ERR" &&
    !("errno" in error) &&
    !("syscall" in error)
  );
}
