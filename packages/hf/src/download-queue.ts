import type { Dirent } from "node:fs";
import { readdir, rm, rmdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import type { KeyedLock, ProgressEvent } from "@ml/progress";
import type Database from "better-sqlite3";
import type { HubFetch } from "./create-hub-fetch.js";
import { HfError } from "./hf-error.js";
import { openStateDb } from "./open-state-db.js";
import { parsePullSpec } from "./parse-pull-spec.js";
import { type PullOptions, pull } from "./pull.js";
import type { PullResult } from "./types.js";

export type DownloadState = "queued" | "running" | "paused" | "failed" | "done" | "cancelled";

export interface DownloadEntry {
  id: number;
  /** What `pull` is given: `org/repo`, `org/repo:Q4_K_M`, `org/repo/path/file`. */
  spec: string;
  revision?: string;
  /** Folder the files land in. */
  dest: string;
  state: DownloadState;
  /** Why it failed, in plain words. */
  reason?: string;
  /** Stable code of the failure. */
  code?: string;
  bytesDone: number;
  bytesTotal?: number;
  createdAt: number;
  updatedAt: number;
  /** The verified files with provenance, once done. */
  result?: PullResult;
}

export type DownloadQueueEvent =
  | { type: "changed"; entry: DownloadEntry }
  | { type: "progress"; id: number; bytesDone: number; bytesTotal?: number; event: ProgressEvent };

export interface DownloadQueueOptions {
  /** SQLite file holding the queue (may be the search cache's). */
  db: string;
  /** Download area: an entry enqueued without a `dest` downloads into `<dir>/<id>`. */
  dir: string;
  /** Downloads running at once. Default 2. */
  concurrency?: number;
  hub?: HubFetch;
  /** Shared with model removals, so a pull and a removal of the same model take turns. */
  lock?: KeyedLock;
  /** Passed to every pull. */
  pull?: Pick<PullOptions, "retry" | "stallTimeoutMs" | "diskCushionBytes" | "toHfCache">;
  /** How often a started queue looks for work and for pauses/cancels made by another process. Default 1 s. */
  pollMs?: number;
}

interface Row {
  id: number;
  spec: string;
  revision: string | null;
  dest: string;
  own_dest: number;
  state: DownloadState;
  reason: string | null;
  code: string | null;
  bytes_done: number;
  bytes_total: number | null;
  created_at: number;
  updated_at: number;
  result: string | null;
  runner_pid: number | null;
}

interface Job {
  controller: AbortController;
  /** Why it is being stopped; undefined while it runs normally. */
  stop?: "paused" | "cancelled" | "closing";
  files: Map<string, number>;
  total?: number;
  persistedAt: number;
  done: Promise<void>;
}

const PERSIST_MS = 1000;

/**
 * Downloads that survive restarts: a SQLite queue of pull specs run with a concurrency limit.
 * `pause` stops a transfer and keeps its partial files (a later `resume` continues them),
 * `cancel` stops it and deletes them. Entries a dead process left running are queued again on open.
 * Several processes may open the same queue; one runs it (`start`), the others may enqueue, pause,
 * resume and cancel, which the runner notices within `pollMs`.
 */
export class DownloadQueue {
  readonly #db: Database.Database;
  readonly #options: DownloadQueueOptions;
  readonly #concurrency: number;
  readonly #jobs = new Map<number, Job>();
  readonly #listeners = new Set<(event: DownloadQueueEvent) => void>();
  #started = false;
  #closed = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: DownloadQueueOptions) {
    const concurrency = options.concurrency ?? 2;
    if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
      throw new HfError(
        "BAD_SPEC",
        `download queue concurrency must be a whole number >= 1, got ${concurrency}`,
      );
    }
    this.#options = options;
    this.#concurrency = concurrency;
    this.#db = openStateDb(options.db);
    // A download marked running by a process that is gone will never finish: queue it again.
    const running = this.#db
      .prepare("SELECT id, runner_pid FROM hf_downloads WHERE state = 'running'")
      .all() as Row[];
    for (const row of running) {
      if (!isAlive(row.runner_pid)) {
        this.#db
          .prepare("UPDATE hf_downloads SET state = 'queued', runner_pid = NULL, updated_at = ? WHERE id = ?")
          .run(Date.now(), row.id);
      }
    }
  }

  /** Add a download; it starts when the queue is started and a slot is free. */
  enqueue(spec: string, options: { revision?: string; dest?: string } = {}): DownloadEntry {
    this.#checkOpen();
    parsePullSpec(spec);
    const now = Date.now();
    const id = this.#db.transaction(() => {
      const inserted = this.#db
        .prepare(
          "INSERT INTO hf_downloads (spec, revision, dest, own_dest, state, created_at, updated_at) VALUES (?, ?, ?, ?, 'queued', ?, ?)",
        )
        .run(
          spec,
          options.revision ?? null,
          options.dest ?? "",
          options.dest === undefined ? 1 : 0,
          now,
          now,
        );
      const rowId = Number(inserted.lastInsertRowid);
      if (options.dest === undefined) {
        this.#db
          .prepare("UPDATE hf_downloads SET dest = ? WHERE id = ?")
          .run(join(this.#options.dir, String(rowId)), rowId);
      }
      return rowId;
    })();
    this.#changed(id);
    this.#pump();
    return this.get(id);
  }

  list(): DownloadEntry[] {
    this.#checkOpen();
    return (this.#db.prepare("SELECT * FROM hf_downloads ORDER BY id").all() as Row[]).map(toEntry);
  }

  get(id: number): DownloadEntry {
    this.#checkOpen();
    return toEntry(this.#row(id));
  }

  /** Stop a queued or running download, keeping its partial files. Resolves once the transfer has stopped. */
  async pause(id: number): Promise<DownloadEntry> {
    const row = this.#row(id);
    if (row.state === "paused") return toEntry(row);
    if (row.state !== "queued" && row.state !== "running") {
      throw new HfError(
        "BAD_STATE",
        `download ${id} is ${row.state}; only queued or running downloads can be paused`,
      );
    }
    this.#setState(id, "paused");
    await this.#stop(id, "paused");
    return this.get(id);
  }

  /** Queue a paused or failed download again; it continues from its partial files. */
  resume(id: number): DownloadEntry {
    const row = this.#row(id);
    if (row.state === "queued" || row.state === "running") return toEntry(row);
    if (row.state !== "paused" && row.state !== "failed") {
      throw new HfError(
        "BAD_STATE",
        `download ${id} is ${row.state}; only paused or failed downloads can be resumed`,
      );
    }
    this.#db
      .prepare(
        "UPDATE hf_downloads SET state = 'queued', reason = NULL, code = NULL, updated_at = ? WHERE id = ?",
      )
      .run(Date.now(), id);
    this.#changed(id);
    this.#pump();
    return this.get(id);
  }

  /** Stop a download and delete its partial files. */
  async cancel(id: number): Promise<DownloadEntry> {
    const row = this.#row(id);
    if (row.state === "cancelled") return toEntry(row);
    if (row.state === "done") throw new HfError("BAD_STATE", `download ${id} is done; remove it instead`);
    this.#setState(id, "cancelled");
    if (this.#jobs.has(id)) await this.#stop(id, "cancelled");
    else if (row.state !== "running" || !isAlive(row.runner_pid)) await deleteParts(row);
    return this.get(id);
  }

  /** Forget a finished, failed or cancelled download; its own download folder (`<dir>/<id>`) goes too. */
  async remove(id: number): Promise<void> {
    const row = this.#row(id);
    if (row.state === "queued" || row.state === "running" || row.state === "paused") {
      throw new HfError("BAD_STATE", `download ${id} is ${row.state}; cancel it first`);
    }
    this.#db.prepare("DELETE FROM hf_downloads WHERE id = ?").run(id);
    if (row.own_dest) await rm(row.dest, { recursive: true, force: true });
    else if (row.state !== "done") await deleteParts(row);
  }

  /** Listen to state changes and progress; returns the unsubscribe function. */
  subscribe(listener: (event: DownloadQueueEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Start running queued downloads (a queue opened only to list or control them never downloads). */
  start(): void {
    this.#checkOpen();
    if (this.#started) return;
    this.#started = true;
    this.#timer = setInterval(() => this.#sync(), this.#options.pollMs ?? 1000);
    this.#timer.unref();
    this.#pump();
  }

  /** Resolves when nothing runs and nothing queued is left to start. */
  async idle(): Promise<void> {
    for (;;) {
      const jobs = [...this.#jobs.values()].map((job) => job.done);
      if (jobs.length === 0) return;
      await Promise.allSettled(jobs);
    }
  }

  /** Stop running downloads (they stay queued, resuming next time) and close the database. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    await Promise.all([...this.#jobs.keys()].map((id) => this.#stop(id, "closing")));
    this.#db.close();
  }

  #pump(): void {
    if (!this.#started || this.#closed) return;
    while (this.#jobs.size < this.#concurrency) {
      const row = this.#db
        .prepare("SELECT * FROM hf_downloads WHERE state = 'queued' ORDER BY id LIMIT 1")
        .get() as Row | undefined;
      if (!row) return;
      const claimed = this.#db
        .prepare(
          "UPDATE hf_downloads SET state = 'running', runner_pid = ?, updated_at = ? WHERE id = ? AND state = 'queued'",
        )
        .run(process.pid, Date.now(), row.id);
      if (claimed.changes === 1) this.#run(row);
    }
  }

  #run(row: Row): void {
    const job: Job = {
      controller: new AbortController(),
      files: new Map(),
      persistedAt: 0,
      done: Promise.resolve(),
    };
    this.#jobs.set(row.id, job);
    this.#changed(row.id);
    job.done = (async () => {
      try {
        const result = await pull({
          ...this.#options.pull,
          repo: row.spec,
          ...(row.revision !== null && { revision: row.revision }),
          dest: row.dest,
          signal: job.controller.signal,
          onProgress: (event) => this.#progress(row.id, job, event),
          ...(this.#options.lock && { lock: this.#options.lock }),
          ...(this.#options.hub && { hub: this.#options.hub }),
          id: String(row.id),
        });
        const total = result.files.reduce((sum, f) => sum + f.size, 0);
        this.#db
          .prepare(
            "UPDATE hf_downloads SET state = 'done', reason = NULL, code = NULL, bytes_done = ?, bytes_total = ?, result = ?, updated_at = ? WHERE id = ?",
          )
          .run(total, total, JSON.stringify(result), Date.now(), row.id);
      } catch (error) {
        this.#persistBytes(row.id, job);
        if (job.stop === "cancelled") await deleteParts(row).catch(() => {});
        if (job.stop === "closing") this.#setState(row.id, "queued");
        else if (job.stop === undefined) {
          const code = (error as { code?: unknown }).code;
          this.#db
            .prepare(
              "UPDATE hf_downloads SET state = 'failed', reason = ?, code = ?, updated_at = ? WHERE id = ?",
            )
            .run(
              (error as Error).message ?? String(error),
              typeof code === "string" ? code : null,
              Date.now(),
              row.id,
            );
        }
      } finally {
        this.#jobs.delete(row.id);
        if (!this.#closed) {
          this.#changed(row.id);
          this.#pump();
        }
      }
    })();
  }

  #progress(id: number, job: Job, event: ProgressEvent): void {
    if (event.type === "started") job.total = event.totalBytes;
    else if (event.type === "file_progress") job.files.set(event.file, event.bytesDone);
    else if (event.type === "file_completed") job.files.set(event.file, event.bytes);
    const bytesDone = sum(job.files);
    if (Date.now() - job.persistedAt >= PERSIST_MS) this.#persistBytes(id, job);
    this.#emit({
      type: "progress",
      id,
      bytesDone,
      ...(job.total !== undefined && { bytesTotal: job.total }),
      event,
    });
  }

  #persistBytes(id: number, job: Job): void {
    if (!this.#db.open) return;
    job.persistedAt = Date.now();
    this.#db
      .prepare("UPDATE hf_downloads SET bytes_done = ?, bytes_total = COALESCE(?, bytes_total) WHERE id = ?")
      .run(sum(job.files), job.total ?? null, id);
  }

  /** Pick up work queued by other processes and pauses or cancels they made to our running downloads. */
  #sync(): void {
    if (this.#closed) return;
    for (const [id, job] of this.#jobs) {
      const state = (
        this.#db.prepare("SELECT state FROM hf_downloads WHERE id = ?").get(id) as Row | undefined
      )?.state;
      if (job.stop === undefined && (state === "paused" || state === "cancelled" || state === undefined)) {
        job.stop = state ?? "cancelled";
        job.controller.abort();
      }
    }
    this.#pump();
  }

  async #stop(id: number, why: NonNullable<Job["stop"]>): Promise<void> {
    const job = this.#jobs.get(id);
    if (!job) return;
    job.stop = why;
    job.controller.abort();
    await job.done;
  }

  #setState(id: number, state: DownloadState): void {
    this.#db
      .prepare("UPDATE hf_downloads SET state = ?, updated_at = ? WHERE id = ?")
      .run(state, Date.now(), id);
    this.#changed(id);
  }

  #row(id: number): Row {
    this.#checkOpen();
    const row = this.#db.prepare("SELECT * FROM hf_downloads WHERE id = ?").get(id) as Row | undefined;
    if (!row) throw new HfError("NO_SUCH_DOWNLOAD", `no download ${id} in the queue`);
    return row;
  }

  #changed(id: number): void {
    const row = this.#db.prepare("SELECT * FROM hf_downloads WHERE id = ?").get(id) as Row | undefined;
    if (row) this.#emit({ type: "changed", entry: toEntry(row) });
  }

  #emit(event: DownloadQueueEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A listener's failure is its own; the queue keeps going.
      }
    }
  }

  #checkOpen(): void {
    if (this.#closed) throw new HfError("BAD_STATE", "the download queue is closed");
  }
}

function toEntry(row: Row): DownloadEntry {
  return {
    id: row.id,
    spec: row.spec,
    ...(row.revision !== null && { revision: row.revision }),
    dest: row.dest,
    state: row.state,
    ...(row.reason !== null && { reason: row.reason }),
    ...(row.code !== null && { code: row.code }),
    bytesDone: row.bytes_done,
    ...(row.bytes_total !== null && { bytesTotal: row.bytes_total }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.result !== null && { result: JSON.parse(row.result) as PullResult }),
  };
}

function sum(files: Map<string, number>): number {
  let total = 0;
  for (const bytes of files.values()) total += bytes;
  return total;
}

function isAlive(pid: number | null): boolean {
  if (pid === null) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Delete a download's partial files: its whole folder when the queue made it, else only `.part` files and sidecars. */
async function deleteParts(row: Row): Promise<void> {
  if (row.own_dest) {
    await rm(row.dest, { recursive: true, force: true });
    return;
  }
  await removePartsIn(row.dest);
}

async function removePartsIn(dir: string): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      await removePartsIn(path);
      await rmdir(path).catch(() => {}); // only when it is now empty
    } else if (entry.isFile() && (entry.name.endsWith(".part") || entry.name.endsWith(".part.json"))) {
      await unlink(path);
    }
  }
}
