import { createHash } from "node:crypto";
import { Worker } from "node:worker_threads";
import { type Blake3EnginePreference, blake3Engine } from "./blake3-engine.js";
import { createBlake3Hasher } from "./blake3-hasher.mjs";
import { abortedError, HashingError } from "./hashing-error.js";

export interface DualHasherOptions {
  /** BLAKE3 engine; default "auto" (native when it loads, MLIB_BLAKE3 overrides). */
  blake3?: Blake3EnginePreference;
  /** Aborts the hasher: pending and later calls reject with code ABORTED. */
  signal?: AbortSignal;
  /** Bytes per buffer handed to the BLAKE3 worker; default 1 MiB. At most 8 are in use at once. */
  highWaterMark?: number;
}

export interface DualDigest {
  /** Bytes hashed. */
  size: number;
  /** Lowercase hex. */
  sha256: string;
  /** Lowercase hex (32-byte output). */
  blake3: string;
}

/**
 * SHA-256 and BLAKE3 of one stream of chunks. SHA-256 runs in `update` on the caller's thread;
 * BLAKE3 runs on a worker thread fed copies of the chunks through at most 8 shared buffers.
 */
export interface DualHasher {
  /**
   * Hashes `chunk`. Returns a Promise when the buffers are all in use (backpressure): await it
   * before the next `update` (which otherwise throws INVALID_STATE). The chunk may be reused as
   * soon as `update` returns or its Promise settles.
   */
  update(chunk: Uint8Array): void | Promise<void>;
  /** Finishes both hashes and stops the worker. Call once. */
  digest(): Promise<DualDigest>;
  /** Stops the worker; pending and later calls reject with code ABORTED. No effect after digest(). */
  abort(reason?: unknown): void;
}

/** Creates a {@link DualHasher}. The BLAKE3 engine is chosen now (may throw ENGINE_UNAVAILABLE). */
export function createDualHasher(options: DualHasherOptions = {}): DualHasher {
  const session = new DualHashSession({ ...options, label: "stream" });
  return {
    update: (chunk) => session.update(chunk),
    digest: () => session.digest(),
    abort: (reason) => session.abort(reason),
  };
}

const DEFAULT_SLAB_BYTES = 1024 * 1024;
const MAX_SLAB_BYTES = 256 * 1024 * 1024;
// 8 slabs keep the reader a few chunks ahead of the worker; memory stays at 8 x highWaterMark.
const SLAB_COUNT = 8;

export interface SessionOptions extends DualHasherOptions {
  /** Names the input in error messages (a path, or "stream"). */
  label: string;
  /** Expected total bytes: above what the slabs hold, the worker starts at once. */
  sizeHint?: number;
}

interface Filled {
  slot: number;
  length: number;
}

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

type WorkerReply = { type: "free"; slot: number } | { type: "digest"; hex: string };

/**
 * The dual hasher, plus what hashFile needs to read straight into its buffers (no copy):
 * `acquire` a slot, fill `slab(slot)`, `commit(slot, length)`.
 *
 * Small inputs never start the worker: until all slabs are full the bytes just wait in them,
 * and `digest` hashes them on this thread (a worker costs tens of ms to start).
 */
export class DualHashSession {
  readonly #label: string;
  readonly #engine: "native" | "wasm";
  readonly #slabBytes: number;
  readonly #sha256 = createHash("sha256");
  readonly #slabs: SharedArrayBuffer[] = [];
  readonly #idle: number[] = [];
  /** Committed before the worker started, in order. */
  readonly #unsent: Filled[] = [];
  readonly #slotWaiters: Waiter<number>[] = [];
  readonly #signal: AbortSignal | undefined;
  #worker: Worker | undefined;
  #digestWaiter: Waiter<string> | undefined;
  /** The slab `update` is copying into. */
  #fill: Filled | undefined;
  #size = 0;
  #updating = false;
  #finished = false;
  #failure: HashingError | undefined;

  constructor(options: SessionOptions) {
    const { label, highWaterMark = DEFAULT_SLAB_BYTES, signal } = options;
    if (!Number.isInteger(highWaterMark) || highWaterMark < 1 || highWaterMark > MAX_SLAB_BYTES) {
      throw new HashingError(
        "BAD_OPTION",
        `${label}: highWaterMark must be an integer from 1 to ${MAX_SLAB_BYTES}, got ${highWaterMark}`,
      );
    }
    this.#label = label;
    this.#slabBytes = highWaterMark;
    this.#engine = blake3Engine(options.blake3);
    this.#signal = signal;
    if (signal?.aborted) throw abortedError(label, signal.reason);
    signal?.addEventListener("abort", this.#onAbort, { once: true });
    if ((options.sizeHint ?? 0) > SLAB_COUNT * highWaterMark) this.#startWorker();
  }

  /** Bytes per slab (the highWaterMark). */
  get chunkBytes(): number {
    return this.#slabBytes;
  }

  update(chunk: Uint8Array): void | Promise<void> {
    this.#assertOpen();
    this.#sha256.update(chunk);
    this.#size += chunk.length;
    const offset = this.#copyIn(chunk, 0);
    if (offset < chunk.length) return this.#updateWhenFree(chunk, offset);
  }

  /** A free slot for the caller to fill; waits while all slabs are with the worker. */
  acquire(): Promise<number> {
    this.#assertOpen();
    return this.#nextSlot();
  }

  /** The buffer of `slot`, `highWaterMark` bytes long. */
  slab(slot: number): Uint8Array {
    return new Uint8Array(this.#slabs[slot] as SharedArrayBuffer);
  }

  /** Hashes the first `length` bytes of `slot`'s buffer; the slot goes back to the pool after. */
  commit(slot: number, length: number): void {
    this.#assertOpen();
    this.#flushFill();
    if (length === 0) {
      this.#release(slot);
      return;
    }
    this.#sha256.update(this.slab(slot).subarray(0, length));
    this.#size += length;
    this.#send({ slot, length });
  }

  async digest(): Promise<DualDigest> {
    this.#assertOpen();
    this.#finished = true;
    try {
      this.#flushFill();
      const sha256 = this.#sha256.digest("hex");
      const blake3 = this.#worker ? await this.#workerDigest() : await this.#inlineDigest();
      return { size: this.#size, sha256, blake3 };
    } finally {
      this.#stop();
    }
  }

  abort(reason?: unknown): void {
    if (this.#finished && !this.#digestWaiter) return;
    this.#fail(abortedError(this.#label, reason));
  }

  readonly #onAbort = (): void => this.abort(this.#signal?.reason);

  #assertOpen(): void {
    if (this.#failure) throw this.#failure;
    if (this.#finished) throw new HashingError("INVALID_STATE", `${this.#label}: hasher already digested`);
    if (this.#updating) {
      throw new HashingError(
        "INVALID_STATE",
        `${this.#label}: update() called before the previous one settled`,
      );
    }
  }

  /** Copies as much of `chunk` as the free slabs take; returns how far it got. */
  #copyIn(chunk: Uint8Array, offset: number): number {
    while (offset < chunk.length) {
      if (!this.#fill) {
        const slot = this.#takeIdle();
        if (slot === undefined) return offset;
        this.#fill = { slot, length: 0 };
      }
      const fill = this.#fill;
      const n = Math.min(this.#slabBytes - fill.length, chunk.length - offset);
      this.slab(fill.slot).set(chunk.subarray(offset, offset + n), fill.length);
      fill.length += n;
      offset += n;
      if (fill.length === this.#slabBytes) this.#flushFill();
    }
    return offset;
  }

  async #updateWhenFree(chunk: Uint8Array, offset: number): Promise<void> {
    this.#updating = true;
    try {
      while (offset < chunk.length) {
        this.#fill = { slot: await this.#nextSlot(), length: 0 };
        offset = this.#copyIn(chunk, offset);
      }
    } finally {
      this.#updating = false;
    }
  }

  #flushFill(): void {
    const fill = this.#fill;
    this.#fill = undefined;
    if (fill) this.#send(fill);
  }

  #takeIdle(): number | undefined {
    const slot = this.#idle.pop();
    if (slot !== undefined) return slot;
    if (this.#slabs.length < SLAB_COUNT) {
      this.#slabs.push(new SharedArrayBuffer(this.#slabBytes));
      return this.#slabs.length - 1;
    }
    return undefined;
  }

  #nextSlot(): Promise<number> {
    const slot = this.#takeIdle();
    if (slot !== undefined) return Promise.resolve(slot);
    // Every slab is full: the input is not small after all, so hand them to the worker.
    if (!this.#worker) this.#startWorker();
    return new Promise((resolve, reject) => {
      this.#slotWaiters.push({ resolve, reject });
      this.#syncRef();
    });
  }

  #release(slot: number): void {
    const waiter = this.#slotWaiters.shift();
    if (waiter) {
      this.#syncRef();
      waiter.resolve(slot);
    } else {
      this.#idle.push(slot);
    }
  }

  #send(filled: Filled): void {
    if (!this.#worker) {
      this.#unsent.push(filled);
      return;
    }
    const slab = this.#slabs[filled.slot];
    this.#worker.postMessage({ type: "chunk", slot: filled.slot, slab, length: filled.length });
  }

  #startWorker(): void {
    const worker = new Worker(new URL("./blake3-worker.mjs", import.meta.url), {
      workerData: { engine: this.#engine },
    });
    this.#worker = worker;
    worker.on("message", (reply: WorkerReply) => {
      if (reply.type === "free") {
        this.#release(reply.slot);
      } else {
        const waiter = this.#digestWaiter;
        this.#digestWaiter = undefined;
        waiter?.resolve(reply.hex);
      }
    });
    worker.on("error", (error) => {
      this.#fail(
        new HashingError("WORKER_FAILED", `${this.#label}: BLAKE3 worker failed: ${error.message}`, {
          cause: error,
        }),
      );
    });
    worker.on("exit", (code) => {
      if (this.#worker === worker) {
        this.#fail(new HashingError("WORKER_FAILED", `${this.#label}: BLAKE3 worker exited (code ${code})`));
      }
    });
    for (const filled of this.#unsent.splice(0)) this.#send(filled);
    this.#syncRef();
  }

  /** The worker keeps the process alive only while someone awaits it, so a dropped hasher never hangs node. */
  #syncRef(): void {
    if (this.#slotWaiters.length > 0 || this.#digestWaiter) this.#worker?.ref();
    else this.#worker?.unref();
  }

  #workerDigest(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.#digestWaiter = { resolve, reject };
      this.#syncRef();
      this.#worker?.postMessage({ type: "digest" });
    });
  }

  async #inlineDigest(): Promise<string> {
    const hasher = await createBlake3Hasher(this.#engine);
    for (const { slot, length } of this.#unsent) hasher.update(this.slab(slot).subarray(0, length));
    return hasher.digestHex();
  }

  #fail(error: HashingError): void {
    if (this.#failure) return;
    this.#failure = error;
    for (const waiter of this.#slotWaiters.splice(0)) waiter.reject(error);
    const digestWaiter = this.#digestWaiter;
    this.#digestWaiter = undefined;
    digestWaiter?.reject(error);
    this.#stop();
  }

  #stop(): void {
    this.#signal?.removeEventListener("abort", this.#onAbort);
    const worker = this.#worker;
    this.#worker = undefined;
    void worker?.terminate();
  }
}
