import { stat } from "node:fs/promises";

export interface PathSettlerOptions {
  /** How long a path must go without events and without growing before it is handed on. */
  stabilityMs: number;
  /** How long settled paths wait for others still being written before they go anyway. */
  batchMs: number;
  /** Takes one batch of settled paths; the next batch waits until it is done. */
  onBatch: (paths: string[]) => Promise<void>;
}

interface Pending {
  /** When the last event for the path came. */
  touchedAt: number;
  /** Size and mtime (or "absent") seen once the path had been quiet for half the stability time. */
  signature: string | null;
}

/**
 * Collects the paths that file-system events name and hands them on in batches once they have
 * settled: no event for `stabilityMs`, and the same size and mtime at half that time and at the
 * end (a writer whose writes raise no event, as on some network file systems, still holds the
 * path back). Settled paths wait while others are still being written, up to `batchMs`, so a
 * bulk copy becomes a few batches instead of one per file.
 */
export class PathSettler {
  readonly #options: PathSettlerOptions;
  readonly #pending = new Map<string, Pending>();
  readonly #settled = new Set<string>();
  #settledSince = 0;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #closed = false;
  readonly #tickMs: number;

  constructor(options: PathSettlerOptions) {
    this.#options = options;
    this.#tickMs = Math.min(100, Math.max(10, Math.round(options.stabilityMs / 5)));
  }

  /** Paths named by events that have not settled yet. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /** Notes an event for `path`: it settles `stabilityMs` after its last event. */
  touch(path: string): void {
    if (this.#closed) return;
    this.#settled.delete(path);
    this.#pending.set(path, { touchedAt: Date.now(), signature: null });
    this.#schedule();
  }

  /** Stops the timer, drops what is pending and waits for the batch in progress. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#pending.clear();
    this.#settled.clear();
    await this.#running;
  }

  #schedule(): void {
    if (this.#timer || this.#running || this.#closed) return;
    if (this.#pending.size === 0 && this.#settled.size === 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#running = this.#tick().finally(() => {
        this.#running = null;
        this.#schedule();
      });
    }, this.#tickMs);
  }

  async #tick(): Promise<void> {
    const { stabilityMs, batchMs, onBatch } = this.#options;
    const now = Date.now();
    await Promise.all(
      [...this.#pending].map(async ([path, entry]) => {
        const quiet = now - entry.touchedAt;
        if (quiet < stabilityMs / 2 || (quiet < stabilityMs && entry.signature !== null)) return;
        const signature = await signatureOf(path);
        if (this.#pending.get(path) !== entry) return; // touched again meanwhile
        if (entry.signature === null || entry.signature !== signature || quiet < stabilityMs) {
          // Still changing (or first look): it must stay the same for the rest of the time.
          if (entry.signature !== null && entry.signature !== signature) entry.touchedAt = now;
          entry.signature = signature;
          return;
        }
        this.#pending.delete(path);
        if (this.#settled.size === 0) this.#settledSince = now;
        this.#settled.add(path);
      }),
    );
    if (this.#closed || this.#settled.size === 0) return;
    if (this.#pending.size > 0 && Date.now() - this.#settledSince < batchMs) return;
    const batch = [...this.#settled];
    this.#settled.clear();
    await onBatch(batch);
  }
}

async function signatureOf(path: string): Promise<string> {
  const info = await stat(path).catch(() => null);
  return info ? `${info.size}:${info.mtimeMs}` : "absent";
}
