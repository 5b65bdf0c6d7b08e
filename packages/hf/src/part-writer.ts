import type { FileHandle } from "node:fs/promises";

const MAX_BATCH = 256;
/** Flush to disk in the background every this many bytes, so the final fsync has little left to do. */
const SYNC_EVERY = 64 * 1024 * 1024;

/**
 * Appends chunks to a part file in the background, one `writev` of whatever queued up while the
 * previous write ran: the disk works while the next bytes arrive, and a crash loses only the
 * few chunks still queued. Every 64 MiB it starts an fdatasync in the background: what was
 * downloaded survives a power cut, and the fsync before the final rename stays short.
 */
export class PartWriter {
  readonly #handle: FileHandle;
  #queue: Uint8Array[] = [];
  #queuedBytes = 0;
  #flushing: Promise<void> | undefined;
  /** Settles when the write in progress completes. */
  #batchDone: Promise<void> = Promise.resolve();
  #unsynced = 0;
  #syncing: Promise<void> | undefined;
  #error: unknown;

  constructor(handle: FileHandle) {
    this.#handle = handle;
  }

  get queuedBytes(): number {
    return this.#queuedBytes;
  }

  /** Queue a chunk (kept by reference until written). Throws the error of an earlier failed write. */
  push(chunk: Uint8Array): void {
    if (this.#error !== undefined) throw this.#error;
    this.#queue.push(chunk);
    this.#queuedBytes += chunk.byteLength;
    this.#flushing ??= this.#flush();
  }

  /** Resolves once everything queued is written; rejects with a write error. */
  async drain(): Promise<void> {
    while (this.#flushing) await this.#flushing;
    await this.#syncing;
    if (this.#error !== undefined) throw this.#error;
  }

  /**
   * Resolves once no more than `bytes` wait to be written. A reader that waits here rather than in
   * `drain` keeps the disk busy and the network flowing instead of stopping both in turns.
   */
  async below(bytes: number): Promise<void> {
    while (this.#queuedBytes > bytes && this.#flushing) await this.#batchDone;
    if (this.#error !== undefined) throw this.#error;
  }

  async #flush(): Promise<void> {
    try {
      while (this.#queue.length > 0 && this.#error === undefined) {
        const batch = this.#queue.splice(0, MAX_BATCH);
        let bytes = batch.reduce((sum, chunk) => sum + chunk.byteLength, 0);
        this.#queuedBytes -= bytes;
        let pending = batch;
        while (bytes > 0) {
          const write = this.#handle.writev(pending);
          this.#batchDone = write.then(
            () => {},
            () => {},
          );
          const { bytesWritten } = await write;
          bytes -= bytesWritten;
          pending = skip(pending, bytesWritten);
          this.#unsynced += bytesWritten;
        }
        if (this.#unsynced >= SYNC_EVERY && !this.#syncing) {
          this.#unsynced = 0;
          this.#syncing = this.#handle.datasync().then(
            () => {
              this.#syncing = undefined;
            },
            (error) => {
              this.#error ??= error;
              this.#syncing = undefined;
            },
          );
        }
      }
    } catch (error) {
      this.#error = error;
    } finally {
      this.#flushing = undefined;
    }
  }
}

/** The buffers after the first `count` bytes (a short write). */
function skip(buffers: Uint8Array[], count: number): Uint8Array[] {
  let left = count;
  const out: Uint8Array[] = [];
  for (const buffer of buffers) {
    if (left >= buffer.byteLength) {
      left -= buffer.byteLength;
      continue;
    }
    out.push(left > 0 ? buffer.subarray(left) : buffer);
    left = 0;
  }
  return out;
}
