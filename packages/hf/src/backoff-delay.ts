export interface RetryPolicy {
  /** Attempts in a row that may fail without receiving a byte before the pull gives up. Default 8. */
  retries?: number;
  /** First delay; it doubles per failure in a row. Default 1 s. */
  minDelayMs?: number;
  /** Largest delay (a Retry-After is capped to it too). Default 60 s. */
  maxDelayMs?: number;
}

export const DEFAULT_RETRY: Required<RetryPolicy> = { retries: 8, minDelayMs: 1000, maxDelayMs: 60_000 };

/**
 * Wait before retry number `failures` (1 for the first): exponential, with full jitter over the
 * upper half so many clients do not retry in step; the hub's Retry-After wins when longer.
 */
export function backoffDelay(failures: number, policy: Required<RetryPolicy>, retryAfterMs?: number): number {
  const exponential = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** Math.max(0, failures - 1));
  const jittered = exponential / 2 + Math.random() * (exponential / 2);
  return Math.min(policy.maxDelayMs, Math.max(jittered, retryAfterMs ?? 0));
}

/** Retry-After as milliseconds (seconds or an HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (header.trim() !== "" && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
