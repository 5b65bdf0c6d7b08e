import type { Blake3EnginePreference } from "./blake3-engine.js";
import { type DualDigest, DualHashSession } from "./create-dual-hasher.js";
import { abortedError, toHashingError } from "./hashing-error.js";
import { openRegularFile } from "./open-regular-file.js";
import { readFully } from "./read-fully.js";

export interface HashFileOptions {
  /** Cancels the hash: the promise rejects with a HashingError of code ABORTED (name "AbortError"). */
  signal?: AbortSignal;
  /** Called once per chunk read, with bytes hashed so far and the size the file had when opened. */
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  /** Bytes per read; default 1 MiB. */
  highWaterMark?: number;
  /** BLAKE3 engine; default "auto" (native when it loads, MLIB_BLAKE3 overrides). */
  blake3?: Blake3EnginePreference;
}

export interface FileDigest extends DualDigest {
  path: string;
}

const READ_AHEAD = 2;

interface Read {
  slot: number;
  length: number;
}

/**
 * SHA-256 and BLAKE3 of the file at `path` in one read pass: each chunk is read into a shared
 * buffer, SHA-256'd here (node:crypto) and hashed by the BLAKE3 worker from the same memory.
 * Reads until end of file; `size` is the bytes hashed.
 */
export async function hashFile(path: string, options: HashFileOptions = {}): Promise<FileDigest> {
  const { signal, onProgress } = options;
  if (signal?.aborted) throw abortedError(path, signal.reason);
  const { handle, size: sizeWhenOpened } = await openRegularFile(path);
  // Reads in flight, in file order. Two keep libuv's pool reading while this thread hashes.
  const ahead: Promise<Read>[] = [];
  let session: DualHashSession | undefined;
  try {
    const hasher = new DualHashSession({ ...options, label: path, sizeHint: sizeWhenOpened });
    session = hasher;
    const chunkBytes = hasher.chunkBytes;
    const readAt = async (position: number): Promise<Read> => {
      const slot = await hasher.acquire();
      try {
        return { slot, length: await readFully(handle, hasher.slab(slot), position) };
      } catch (error) {
        throw toHashingError(error, path);
      }
    };
    let nextPosition = 0;
    const readAhead = (): void => {
      // Past the size seen at open, one read at a time finds the end (the file may have grown).
      while (ahead.length === 0 || (ahead.length < READ_AHEAD && nextPosition < sizeWhenOpened)) {
        ahead.push(readAt(nextPosition));
        nextPosition += chunkBytes;
      }
    };
    let done = 0;
    readAhead();
    for (;;) {
      const read = await (ahead.shift() as Promise<Read>);
      const atEnd = read.length < chunkBytes;
      if (!atEnd) readAhead();
      hasher.commit(read.slot, read.length);
      done += read.length;
      if (read.length > 0) onProgress?.(done, sizeWhenOpened);
      if (atEnd) break;
    }
    // Reads issued past the end found nothing (or bytes appended since): not part of this hash.
    await Promise.all(ahead.splice(0));
    return { path, ...(await hasher.digest()) };
  } catch (error) {
    session?.abort(error);
    // Reads still in flight must finish before the file is closed under them.
    await Promise.allSettled(ahead);
    throw error;
  } finally {
    await handle.close();
  }
}
