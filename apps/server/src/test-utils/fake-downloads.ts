import type { DownloadInfo, Downloads, DownloadsEvent } from "../downloads.js";

class FakeDownloadError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * An in-memory `Downloads` for tests only (the real one is @ml/hf's queue, wired by the CLI):
 * state changes as a queue would make them, and `progress()` plays a transfer.
 */
export class FakeDownloads implements Downloads {
  readonly #entries = new Map<string, DownloadInfo>();
  readonly #listeners = new Set<(event: DownloadsEvent) => void>();
  #next = 1;

  async start(request: { spec: string; revision?: string }): Promise<DownloadInfo> {
    if (!/^[\w.-]+\/[\w.-]+/.test(request.spec)) {
      throw new FakeDownloadError("BAD_SPEC", `not a repo: ${request.spec}`);
    }
    const now = Date.now();
    const entry: DownloadInfo = {
      id: String(this.#next++),
      spec: request.spec,
      ...(request.revision && { revision: request.revision }),
      state: "queued",
      bytesDone: 0,
      createdAt: now,
      updatedAt: now,
    };
    this.#entries.set(entry.id, entry);
    this.#emit({ type: "changed", download: { ...entry } });
    return { ...entry };
  }

  pause(id: string): Promise<DownloadInfo> {
    return this.#set(id, "paused", ["queued", "running"]);
  }

  resume(id: string): Promise<DownloadInfo> {
    return this.#set(id, "queued", ["paused", "failed"]);
  }

  cancel(id: string): Promise<DownloadInfo> {
    return this.#set(id, "cancelled", ["queued", "running", "paused", "failed"]);
  }

  async list(): Promise<DownloadInfo[]> {
    return [...this.#entries.values()].map((e) => ({ ...e }));
  }

  subscribe(listener: (event: DownloadsEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  /** Plays `bytesDone` of `bytesTotal` of one file of download `id` (it becomes running). */
  progress(id: string, file: string, bytesDone: number, bytesTotal: number): void {
    const entry = this.#entries.get(id);
    if (!entry) throw new Error(`no download ${id}`);
    if (entry.state !== "running") {
      entry.state = "running";
      this.#emit({ type: "changed", download: { ...entry } });
    }
    entry.bytesDone = bytesDone;
    entry.bytesTotal = bytesTotal;
    this.#emit({
      type: "progress",
      event: { type: "file_progress", id: `pull-${id}`, at: Date.now(), file, bytesDone, bytesTotal },
    });
  }

  async #set(id: string, state: DownloadInfo["state"], from: DownloadInfo["state"][]): Promise<DownloadInfo> {
    const entry = this.#entries.get(id);
    if (!entry) throw new FakeDownloadError("NOT_FOUND", `no download ${id}`);
    if (!from.includes(entry.state)) {
      throw new FakeDownloadError("CONFLICT", `download ${id} is ${entry.state}: cannot go ${state}`);
    }
    entry.state = state;
    entry.updatedAt = Date.now();
    this.#emit({ type: "changed", download: { ...entry } });
    return { ...entry };
  }

  #emit(event: DownloadsEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
