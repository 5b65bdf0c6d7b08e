import { Mutex } from "async-mutex";

export type TryRunResult<T> = { acquired: true; value: T } | { acquired: false };

type Entry = { mutex: Mutex; users: number };

/**
 * One async lock per key: `run` calls with the same key take turns in call order, different keys
 * never wait for each other. A key's entry lives only while someone holds or waits for it, so
 * locking by file path or repo id over a long session does not grow memory.
 */
export class KeyedLock<K = string> {
  readonly #entries = new Map<K, Entry>();

  /** How many keys are held or waited for right now. */
  get size(): number {
    return this.#entries.size;
  }

  /** True while someone holds `key` or waits for it. */
  isLocked(key: K): boolean {
    return this.#entries.has(key);
  }

  /** Runs `fn` once it holds `key`; the lock is released however `fn` ends. */
  async run<T>(key: K, fn: () => T | Promise<T>): Promise<T> {
    let entry = this.#entries.get(key);
    if (!entry) {
      entry = { mutex: new Mutex(), users: 0 };
      this.#entries.set(key, entry);
    }
    entry.users++;
    try {
      return await entry.mutex.runExclusive(fn);
    } finally {
      entry.users--;
      if (entry.users === 0) this.#entries.delete(key);
    }
  }

  /** Runs `fn` only if `key` is free now; otherwise returns `{ acquired: false }` without waiting. */
  async tryRun<T>(key: K, fn: () => T | Promise<T>): Promise<TryRunResult<T>> {
    if (this.#entries.has(key)) return { acquired: false };
    return { acquired: true, value: await this.run(key, fn) };
  }
}
