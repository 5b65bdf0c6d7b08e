import { describe, expect, it } from "vitest";
import { backoffDelay, parseRetryAfter } from "./backoff-delay.js";

const policy = { retries: 5, minDelayMs: 100, maxDelayMs: 1000 };

describe("backoffDelay", () => {
  it("doubles per failure within jitter bounds, capped, and honours a longer Retry-After", () => {
    for (let i = 0; i < 50; i++) {
      const first = backoffDelay(1, policy);
      expect(first).toBeGreaterThanOrEqual(50);
      expect(first).toBeLessThanOrEqual(100);
      const third = backoffDelay(3, policy);
      expect(third).toBeGreaterThanOrEqual(200);
      expect(third).toBeLessThanOrEqual(400);
      expect(backoffDelay(20, policy)).toBeLessThanOrEqual(1000);
    }
    expect(backoffDelay(1, policy, 700)).toBe(700);
    expect(backoffDelay(1, policy, 60_000)).toBe(1000);
  });

  it("reads Retry-After as seconds or a date", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});
