import { createHash } from "node:crypto";
import { abortedError, HashingError, toHashingError } from "./hashing-error.js";
import { openRegularFile } from "./open-regular-file.js";
import { readFully } from "./read-fully.js";

/** Bytes in each sample of {@link fastHash}. */
export const FAST_HASH_SAMPLE_BYTES = 64 * 1024;

/**
 * A sampled fingerprint, constant time whatever the size: `fh1:` + SHA-256 hex of
 * (size as 8-byte little-endian || samples). Files up to 3 x 64 KiB are read whole; larger ones
 * contribute three 64 KiB samples, in order: bytes [0, 64Ki), [m, m + 64Ki) with
 * m = floor((size - 64Ki) / 2), and [size - 64Ki, size). Equal content gives equal values;
 * different values prove different files; equal values only suggest equal files.
 */
export async function fastHash(path: string, options: { signal?: AbortSignal } = {}): Promise<string> {
  const { signal } = options;
  if (signal?.aborted) throw abortedError(path, signal.reason);
  const { handle, size } = await openRegularFile(path);
  try {
    const hasher = createHash("sha256");
    const sizeField = Buffer.alloc(8);
    sizeField.writeBigUInt64LE(BigInt(size));
    hasher.update(sizeField);
    for (const [start, length] of sampleRanges(size)) {
      const sample = Buffer.allocUnsafe(length);
      if ((await readFully(handle, sample, start)) !== length) {
        throw new HashingError("FILE_CHANGED", `${path}: file shrank while sampling (was ${size} bytes)`);
      }
      hasher.update(sample);
    }
    return `fh1:${hasher.digest("hex")}`;
  } catch (error) {
    throw toHashingError(error, path);
  } finally {
    await handle.close();
  }
}

function sampleRanges(size: number): Array<[start: number, length: number]> {
  const s = FAST_HASH_SAMPLE_BYTES;
  if (size <= 3 * s) return [[0, size]];
  return [
    [0, s],
    [Math.floor((size - s) / 2), s],
    [size - s, s],
  ];
}
