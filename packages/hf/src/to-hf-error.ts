import { HubApiError } from "@huggingface/hub";
import { HfError } from "./hf-error.js";

/**
 * Any failure of a hub call as an HfError saying what was asked: the hub's own message for
 * error answers, NETWORK for connection failures, ABORTED when the caller cancelled.
 */
export function toHfError(error: unknown, what: string, hasToken: boolean): HfError {
  if (error instanceof HfError) return error;
  if (error instanceof HubApiError)
    return httpError(error.statusCode, error.message.split(". URL:")[0] ?? "", what, hasToken);
  if ((error as Error | undefined)?.name === "AbortError") {
    return new HfError("ABORTED", `${what}: cancelled`, { cause: error });
  }
  const reason = networkReason(error);
  return new HfError("NETWORK", `${what}: cannot reach the hub (${reason})`, { cause: error });
}

/** The HfError for an error status of the hub. */
export function httpError(status: number, hubMessage: string, what: string, hasToken: boolean): HfError {
  const detail = hubMessage ? `: ${hubMessage}` : "";
  if (status === 401 || status === 403) {
    const hint = hasToken ? "check that your token has access" : "set HF_TOKEN (or log in) to get access";
    return new HfError("UNAUTHORIZED", `${what}: access denied (${status})${detail}; ${hint}`);
  }
  if (status === 404) return new HfError("NOT_FOUND", `${what}: not found${detail}`);
  return new HfError("HTTP", `${what}: the hub answered ${status}${detail}`);
}

/** The innermost message of a fetch failure ("fetch failed" hides the useful part in `cause`). */
export function networkReason(error: unknown): string {
  let current = error as { message?: string; cause?: unknown; code?: string } | undefined;
  let reason = String(current?.message ?? error);
  for (let depth = 0; current && depth < 5; depth++) {
    if (current.code) reason = `${current.code}${current.message ? `: ${current.message}` : ""}`;
    else if (current.message) reason = current.message;
    current = current.cause as typeof current;
  }
  return reason;
}
