const HEX = /^[0-9a-f]+$/i;

/** True when `a` and `b` are the same non-empty hex digest, ignoring case. */
export function digestsEqual(a: string, b: string): boolean {
  return a.length === b.length && HEX.test(a) && a.toLowerCase() === b.toLowerCase();
}
