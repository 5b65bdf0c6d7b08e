/**
 * What an acquisition (download, import, copy) reports while it runs. Every event is plain JSON
 * (numbers and strings only) so it can cross an SSE stream or a log line unchanged.
 * `id` names the acquisition; `file` is a path relative to it; `at` is epoch milliseconds.
 */
export type ProgressEvent =
  | {
      type: "started";
      id: string;
      at: number;
      /** How many files the acquisition will fetch, when known. */
      files?: number;
      totalBytes?: number;
    }
  | { type: "file_started"; id: string; at: number; file: string; size?: number }
  | { type: "file_progress"; id: string; at: number; file: string; bytesDone: number; bytesTotal?: number }
  | { type: "file_completed"; id: string; at: number; file: string; bytes: number }
  | { type: "verifying"; id: string; at: number; file?: string }
  | { type: "completed"; id: string; at: number }
  | {
      type: "failed";
      id: string;
      at: number;
      /** Plain language, fit to show a user as is. */
      reason: string;
      /** Stable machine-readable code of the underlying error, when there is one. */
      code?: string;
    };

export type ProgressEventType = ProgressEvent["type"];

/** One event of the given type, e.g. `ProgressEventOf<"file_progress">`. */
export type ProgressEventOf<T extends ProgressEventType> = Extract<ProgressEvent, { type: T }>;

/** Receives events. It should not throw; `emitter` contains it if it does. */
export type ProgressSink = (event: ProgressEvent) => void;
