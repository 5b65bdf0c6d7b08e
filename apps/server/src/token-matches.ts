import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Whether `given` equals `expected`, in time that does not depend on where they differ: both
 * are hashed first, so the comparison is of equal-length digests whatever the lengths given.
 */
export function tokenMatches(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}
