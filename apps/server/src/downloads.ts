import type { ProgressEvent } from "@ml/progress";

export type DownloadState = "queued" | "running" | "paused" | "failed" | "done" | "cancelled";

/** One pull as the API shows it. */
export interface DownloadInfo {
  id: string;
  /** What was asked for: `org/repo`, `org/repo:Q4_K_M`, `org/repo/path/file.gguf`. */
  spec: string;
  revision?: string;
  state: DownloadState;
  bytesDone: number;
  bytesTotal?: number;
  /** Why it failed, in plain words, and the stable code of the failure. */
  reason?: string;
  code?: string;
  /** Epoch milliseconds. */
  createdAt: number;
  updatedAt: number;
  /** Library models the pull produced, once done. */
  modelIds?: string[];
}

export type DownloadsEvent =
  | { type: "changed"; download: DownloadInfo }
  | { type: "progress"; event: ProgressEvent };

/**
 * What the pull routes need from a download queue. The server does not know how pulls run
 * (`@ml/hf`'s queue is wired to this by the caller); errors with a stable `code` (NOT_FOUND,
 * BAD_SPEC ...) are answered as 4xx. The caller owns the queue: the server never closes it.
 */
export interface Downloads {
  start(request: { spec: string; revision?: string }): Promise<DownloadInfo>;
  pause(id: string): Promise<DownloadInfo>;
  resume(id: string): Promise<DownloadInfo>;
  cancel(id: string): Promise<DownloadInfo>;
  list(): Promise<DownloadInfo[]>;
  /** Calls `listener` with state changes and progress. Returns a function that unsubscribes. */
  subscribe(listener: (event: DownloadsEvent) => void): () => void;
}
