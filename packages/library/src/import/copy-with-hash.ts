import { open } from "node:fs/promises";
import { createDualHasher, type DualDigest } from "@ml/hashing";

export interface CopyWithHashOptions {
  signal?: AbortSignal;
  /** Called after each chunk is written and hashed. */
  onProgress?: (bytesDone: number) => void;
  /** Bytes per read; default 4 MiB. */
  chunkBytes?: number;
}

/** Buffers in rotation: one being read, one being written and hashed, one whose write finishes. */
const BUFFERS = 3;

/**
 * Copies `source` to `dest` (created, must not exist) reading the source once: each chunk is
 * written to `dest` and fed to the SHA-256 + BLAKE3 hasher, while the next chunk is already
 * being read, so hashing overlaps the I/O instead of adding to it. `dest` is fsynced before
 * the digest (of the bytes copied) is returned. (Flushing it in the background as it grows was
 * measured slower on ext4: fdatasync holds up the writes that follow it.)
 */
export async function copyWithHash(
  source: string,
  dest: string,
  options: CopyWithHashOptions = {},
): Promise<DualDigest> {
  const { signal, onProgress, chunkBytes = 4 * 1024 * 1024 } = options;
  signal?.throwIfAborted();
  const input = await open(source, "r");
  let output: Awaited<ReturnType<typeof open>> | undefined;
  const hasher = createDualHasher({ signal, highWaterMark: chunkBytes });
  let pendingWrite: Promise<unknown> = Promise.resolve();
  let nextRead: Promise<number> | undefined;
  try {
    output = await open(dest, "wx");
    const out = output;
    const buffers = Array.from({ length: BUFFERS }, () => Buffer.allocUnsafe(chunkBytes));
    const readInto = (buffer: Buffer, position: number) => readFully(input, buffer, position);
    let position = 0;
    nextRead = readInto(buffers[0] as Buffer, 0);
    for (let i = 0; ; i++) {
      const buffer = buffers[i % BUFFERS] as Buffer;
      const n = await (nextRead as Promise<number>);
      nextRead = undefined;
      if (n === 0) break;
      signal?.throwIfAborted();
      // The buffer read next was last used two chunks ago; its write and hash are done.
      if (n === chunkBytes) nextRead = readInto(buffers[(i + 1) % BUFFERS] as Buffer, position + n);
      const write = writeFully(out, buffer, n, position);
      await pendingWrite;
      const hashed = hasher.update(buffer.subarray(0, n));
      if (hashed) await hashed;
      pendingWrite = write;
      position += n;
      onProgress?.(position);
      if (n < chunkBytes) break;
    }
    await pendingWrite;
    // The BLAKE3 worker finishes its backlog while the disk takes the data.
    const [, digest] = await Promise.all([out.sync(), hasher.digest()]);
    return digest;
  } catch (error) {
    hasher.abort(error);
    // Let I/O in flight finish before the handles close under it.
    await Promise.allSettled([pendingWrite, nextRead]);
    throw error;
  } finally {
    await input.close();
    await output?.close();
  }
}

async function readFully(
  handle: Awaited<ReturnType<typeof open>>,
  buffer: Buffer,
  position: number,
): Promise<number> {
  let done = 0;
  while (done < buffer.length) {
    const { bytesRead } = await handle.read(buffer, done, buffer.length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done;
}

async function writeFully(
  handle: Awaited<ReturnType<typeof open>>,
  buffer: Buffer,
  length: number,
  position: number,
): Promise<void> {
  let done = 0;
  while (done < length) {
    const { bytesWritten } = await handle.write(buffer, done, length - done, position + done);
    done += bytesWritten;
  }
}
