import type { ProgressEvent } from "@ml/progress";
import type { DownloadInfo, Downloads, DownloadsEvent } from "../../downloads.js";

export interface ScriptedDownloads extends Downloads {
  /** Lets the pull finish: until then it stops halfway, so the test sees it running. */
  release(id: string): void;
}

const FILE_SIZE = 1_000_000;
const STEP = 50_000;
const TICK_MS = 40;

/**
 * A pull queue that downloads nothing: each pull is one 1 MB file whose bytes arrive at 50 kB a
 * tick, halfway until the test `release`s it, reported through the events the real queue sends.
 * `onDone` runs when a pull completes (the test imports a model there, as a real pull would).
 */
export function scriptedDownloads(onDone: (info: DownloadInfo) => Promise<string[]>): ScriptedDownloads {
  const listeners = new Set<(event: DownloadsEvent) => void>();
  const pulls = new Map<string, { info: DownloadInfo; allowed: number; timer?: NodeJS.Timeout }>();
  let counter = 0;
  const emit = (event: DownloadsEvent) => {
    for (const listener of listeners) listener(event);
  };
  const progress = (event: ProgressEvent) => emit({ type: "progress", event });
  const changed = (info: DownloadInfo, patch: Partial<DownloadInfo>) => {
    Object.assign(info, patch, { updatedAt: Date.now() });
    emit({ type: "changed", download: { ...info } });
    return { ...info };
  };
  const get = (id: string) => {
    const pull = pulls.get(id);
    if (!pull) throw Object.assign(new Error(`no pull ${id}`), { code: "NOT_FOUND" });
    return pull;
  };
  const run = (id: string) => {
    const pull = get(id);
    const { info } = pull;
    changed(info, { state: "running" });
    progress({ type: "started", id, at: Date.now(), files: 1, totalBytes: FILE_SIZE });
    progress({ type: "file_started", id, at: Date.now(), file: "model.gguf", size: FILE_SIZE });
    pull.timer = setInterval(() => {
      const next = Math.min(FILE_SIZE, info.bytesDone + STEP, pull.allowed);
      if (next === info.bytesDone) return;
      info.bytesDone = next;
      progress({
        type: "file_progress",
        id,
        at: Date.now(),
        file: "model.gguf",
        bytesDone: next,
        bytesTotal: FILE_SIZE,
      });
      if (next < FILE_SIZE) return;
      clearInterval(pull.timer);
      progress({ type: "file_completed", id, at: Date.now(), file: "model.gguf", bytes: FILE_SIZE });
      progress({ type: "verifying", id, at: Date.now(), file: "model.gguf" });
      onDone({ ...info }).then(
        (modelIds) => {
          progress({ type: "completed", id, at: Date.now() });
          changed(info, { state: "done", modelIds });
        },
        (error: Error) => {
          progress({ type: "failed", id, at: Date.now(), reason: error.message });
          changed(info, { state: "failed", reason: error.message });
        },
      );
    }, TICK_MS);
  };
  const stop = (id: string) => clearInterval(get(id).timer);

  return {
    async start({ spec, revision }) {
      const id = String(++counter);
      const now = Date.now();
      const info: DownloadInfo = {
        id,
        spec,
        ...(revision ? { revision } : {}),
        state: "queued",
        bytesDone: 0,
        bytesTotal: FILE_SIZE,
        createdAt: now,
        updatedAt: now,
      };
      pulls.set(id, { info, allowed: FILE_SIZE / 2 });
      emit({ type: "changed", download: { ...info } });
      setTimeout(() => run(id), TICK_MS);
      return { ...info };
    },
    async pause(id) {
      stop(id);
      return changed(get(id).info, { state: "paused" });
    },
    async resume(id) {
      const { info } = get(id);
      setTimeout(() => run(id), 0);
      return changed(info, { state: "queued" });
    },
    async cancel(id) {
      stop(id);
      return changed(get(id).info, { state: "cancelled", bytesDone: 0 });
    },
    async list() {
      return [...pulls.values()].map((p) => ({ ...p.info }));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    release(id) {
      get(id).allowed = FILE_SIZE;
    },
  };
}
