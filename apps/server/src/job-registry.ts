import type { EventLog } from "./event-log.js";
import { ServerError } from "./server-error.js";
import { toErrorReply } from "./to-error-reply.js";

export type JobState = "running" | "done" | "failed" | "cancelled";

export interface JobInfo {
  id: string;
  kind: string;
  state: JobState;
  /** ISO 8601 times. */
  startedAt: string;
  finishedAt?: string;
  /** The operation's result once done (a verify report ...). */
  result?: unknown;
  /** Why it failed, as the API answers errors. */
  error?: { error: string; code: string };
}

interface Job {
  info: JobInfo;
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Long operations (verify) run as jobs: the request that starts one gets its id at once, the
 * event stream says when it ends (`job` events; its progress as `progress` events whose `id` is
 * the job id), and `GET /api/v1/jobs/{id}` holds the result. The last `keep` finished jobs are kept.
 */
export class JobRegistry {
  readonly #events: EventLog;
  readonly #keep: number;
  readonly #jobs = new Map<string, Job>();
  #counter = 0;

  constructor(events: EventLog, keep = 50) {
    this.#events = events;
    this.#keep = keep;
  }

  /** Starts `run` now; `summary` picks what the `job` event carries of the result (default: nothing). */
  start(
    kind: string,
    run: (job: { id: string; signal: AbortSignal }) => Promise<unknown>,
    summary: (result: unknown) => unknown = () => undefined,
  ): JobInfo {
    const id = `${kind}-${++this.#counter}`;
    const controller = new AbortController();
    const info: JobInfo = { id, kind, state: "running", startedAt: new Date().toISOString() };
    const finish = (patch: Partial<JobInfo>, eventData: Record<string, unknown>) => {
      Object.assign(info, patch, { finishedAt: new Date().toISOString() });
      this.#events.publish("job", { id, kind, state: info.state, ...eventData });
      this.#prune();
    };
    const done = Promise.resolve()
      .then(() => {
        // Cancelled before it began (the same tick it was started).
        controller.signal.throwIfAborted();
        return run({ id, signal: controller.signal });
      })
      .then(
        (result) => {
          if (controller.signal.aborted) finish({ state: "cancelled" }, {});
          else finish({ state: "done", result }, { summary: summary(result) });
        },
        (error: unknown) => {
          if (controller.signal.aborted) finish({ state: "cancelled" }, {});
          else {
            const reply = toErrorReply(error);
            finish({ state: "failed", error: reply.body }, { error: reply.body });
          }
        },
      );
    this.#jobs.set(id, { info, controller, done });
    this.#events.publish("job", { id, kind, state: "running" });
    return { ...info };
  }

  get(id: string): JobInfo {
    const job = this.#jobs.get(id);
    if (!job) throw new ServerError("NOT_FOUND", 404, `no job ${id}`);
    return { ...job.info };
  }

  /** Newest first. */
  list(): JobInfo[] {
    return [...this.#jobs.values()].reverse().map((job) => ({ ...job.info }));
  }

  /** Asks a running job to stop; it ends `cancelled`. A finished job is left as it is. */
  cancel(id: string): JobInfo {
    const job = this.#jobs.get(id);
    if (!job) throw new ServerError("NOT_FOUND", 404, `no job ${id}`);
    job.controller.abort();
    return { ...job.info };
  }

  /** Waits until job `id` has ended. */
  async settled(id: string): Promise<JobInfo> {
    const job = this.#jobs.get(id);
    if (!job) throw new ServerError("NOT_FOUND", 404, `no job ${id}`);
    await job.done;
    return { ...job.info };
  }

  /** Cancels every running job and waits for them. */
  async close(): Promise<void> {
    for (const job of this.#jobs.values()) job.controller.abort();
    await Promise.all([...this.#jobs.values()].map((job) => job.done));
  }

  #prune(): void {
    const finished = [...this.#jobs.values()].filter((job) => job.info.state !== "running");
    for (const job of finished.slice(0, Math.max(0, finished.length - this.#keep))) {
      this.#jobs.delete(job.info.id);
    }
  }
}
