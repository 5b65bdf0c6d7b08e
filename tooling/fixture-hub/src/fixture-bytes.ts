/**
 * Deterministic, distinct bytes for test files: the same (length, seed) always gives the same
 * content, and a cut or a flipped bit anywhere changes every hash.
 */
export function fixtureBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed * 2654435761 + 1;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}
