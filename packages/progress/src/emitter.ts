import type { ProgressEvent, ProgressSink } from "./progress-event.js";

type WithOptionalAt<E> = E extends unknown ? Omit<E, "at"> & { at?: number } : never;

/** An event as a producer writes it: `at` is filled in with the current time when left out. */
export type ProgressEventInit = WithOptionalAt<ProgressEvent>;

export interface Emit {
  (event: ProgressEventInit): void;
  /** False when nobody listens: a hot loop may skip building its events. */
  readonly enabled: boolean;
}

export interface EmitterOptions {
  /**
   * Told when the sink throws or its promise rejects. Must not throw itself.
   * Default: one process warning per emitter, then silence.
   */
  onSinkError?: (error: unknown, event: ProgressEvent) => void;
}

const silent: Emit = Object.freeze(Object.assign((_event: ProgressEventInit) => {}, { enabled: false }));

/**
 * The function an operation calls to report progress. Without a sink it is a shared no-op; with one,
 * a sink that throws (or, typed loosely, returns a rejected promise) cannot break the operation.
 */
export function emitter(sink?: ProgressSink, options: EmitterOptions = {}): Emit {
  if (!sink) return silent;
  const report = options.onSinkError ?? warnOnce();
  const emit = (init: ProgressEventInit) => {
    const event = (init.at === undefined ? { ...init, at: Date.now() } : init) as ProgressEvent;
    try {
      const result: unknown = sink(event);
      if (isThenable(result)) result.then(undefined, (error: unknown) => report(error, event));
    } catch (error) {
      report(error, event);
    }
  };
  return Object.assign(emit, { enabled: true });
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return typeof (x as PromiseLike<unknown> | null)?.then === "function";
}

function warnOnce(): (error: unknown) => void {
  let warned = false;
  return (error) => {
    if (warned) return;
    warned = true;
    const detail = error instanceof Error ? error.message : String(error);
    process.emitWarning(`A progress sink threw; its errors are ignored from now on: ${detail}`, {
      code: "MLIB_PROGRESS_SINK_ERROR",
    });
  };
}
