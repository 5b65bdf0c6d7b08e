import { createHash, type Hash } from "node:crypto";
import { abortedError, HashingError, toHashingError } from "./hashing-error.js";
import { openRegularFile } from "./open-regular-file.js";
import { readFully } from "./read-fully.js";

const CHUNK_BYTES = 1024 * 1024;

/** Git's object id of `content` as a blob: sha1("blob " + size + "\0" + content), lowercase hex. */
export function gitBlobSha1OfBuffer(content: Uint8Array): string {
  return blobHasher(content.length).update(content).digest("hex");
}

/**
 * Git's blob object id of the file at `path` (what `git hash-object` prints, and the etag the
 * Hugging Face cache names small files by). Throws FILE_CHANGED if the size moves while reading.
 */
export async function gitBlobSha1(path: string, options: { signal?: AbortSignal } = {}): Promise<string> {
  const { signal } = options;
  if (signal?.aborted) throw abortedError(path, signal.reason);
  const { handle, size } = await openRegularFile(path);
  try {
    const hasher = blobHasher(size);
    const buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, size) || 1);
    let done = 0;
    for (;;) {
      if (signal?.aborted) throw abortedError(path, signal.reason);
      const length = await readFully(handle, buffer, done);
      // The header already promised `size` bytes: reading past it (or short of it) is a changed file.
      if (done + length > size || (length < buffer.length && done + length < size)) {
        throw new HashingError("FILE_CHANGED", `${path}: size changed while hashing (was ${size} bytes)`);
      }
      hasher.update(buffer.subarray(0, length));
      done += length;
      if (length < buffer.length) return hasher.digest("hex");
    }
  } catch (error) {
    throw toHashingError(error, path);
  } finally {
    await handle.close();
  }
}

function blobHasher(size: number): Hash {
  return createHash("sha1").update(`blob ${size}\0`);
}
