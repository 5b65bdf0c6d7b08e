/**
 * Bytes [start, end) of the pseudo-random file a `{ size, seed }` fixture serves. Every 4-byte word
 * is a bijective mix of its index and the seed, so no two words of a file (up to 16 GiB) are equal
 * and any range is computed without the bytes before it.
 */
export function patternBytes(seed: number, start: number, end: number): Uint8Array {
  if (end <= start) return new Uint8Array(0);
  const first = Math.floor(start / 4);
  const words = new Uint32Array(Math.ceil(end / 4) - first);
  const key = Math.imul(seed >>> 0, 0x9e3779b1);
  for (let j = 0; j < words.length; j++) {
    let x = ((first + j) ^ key) >>> 0;
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
    words[j] = (x ^ (x >>> 16)) >>> 0;
  }
  const offset = start - first * 4;
  return new Uint8Array(words.buffer, offset, end - start);
}
