import type { ProgressEvent, ProgressEventOf, ProgressSink } from "./progress-event.js";

export interface ThrottleOptions {
  /** Most `file_progress` events delivered per second for one file. Default 10. */
  perSecond?: number;
  /** Clock in milliseconds; default `performance.now` (monotonic). */
  now?: () => number;
}

type FileProgress = ProgressEventOf<"file_progress">;
type FileState = { sentAt: number; pending: FileProgress | undefined };

/**
 * Wraps `sink` so each file (keyed by id + file) gets at most `perSecond` progress events per
 * second. The first and the final progress of a file always arrive; any other event passes at
 * once, after the progress it would otherwise overtake. No timers: a held-back progress is
 * delivered by the next event for that file, so the view lags by at most one interval.
 */
export function throttleProgress(sink: ProgressSink, options: ThrottleOptions = {}): ProgressSink {
  const { perSecond = 10, now = () => performance.now() } = options;
  if (!(perSecond > 0)) throw new RangeError(`perSecond must be a positive number, got ${perSecond}`);
  const interval = 1000 / perSecond;
  // id -> file -> state; dropped when the file or the whole acquisition ends, so it stays small.
  const byId = new Map<string, Map<string, FileState>>();

  const onProgress = (event: FileProgress) => {
    let files = byId.get(event.id);
    if (!files) {
      files = new Map();
      byId.set(event.id, files);
    }
    const state = files.get(event.file);
    const t = now();
    const isLast = event.bytesTotal !== undefined && event.bytesDone >= event.bytesTotal;
    // `t < sentAt` covers an injected wall clock that stepped back: don't hold events until it catches up.
    if (!state || isLast || t - state.sentAt >= interval || t < state.sentAt) {
      files.set(event.file, { sentAt: t, pending: undefined });
      sink(event);
    } else {
      state.pending = event;
    }
  };

  return (event) => {
    if (event.type === "file_progress") return onProgress(event);
    const files = byId.get(event.id);
    if (!files) return sink(event);
    const due: ProgressEvent[] = [];
    const file = "file" in event ? event.file : undefined;
    for (const [name, state] of files) {
      if (file !== undefined && name !== file) continue;
      if (state.pending) due.push(state.pending);
      state.pending = undefined;
      // A file that ends or starts over gets a fresh "first" progress next time.
      if (event.type === "file_completed" || event.type === "file_started") files.delete(name);
    }
    if (event.type === "completed" || event.type === "failed" || files.size === 0) byId.delete(event.id);
    due.push(event);
    deliverAll(sink, due);
  };
}

// Every event is delivered even if the sink throws on an earlier one; the first error is then
// rethrown so the caller (usually `emitter`) can report it.
function deliverAll(sink: ProgressSink, events: ProgressEvent[]): void {
  let failed = false;
  let firstError: unknown;
  for (const event of events) {
    try {
      sink(event);
    } catch (error) {
      if (!failed) firstError = error;
      failed = true;
    }
  }
  if (failed) throw firstError;
}
