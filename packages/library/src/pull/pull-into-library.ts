import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { type DownloadEntry, type PullResult, parsePullSpec } from "@ml/hf";
import type { ProgressSink } from "@ml/progress";
import type { ImportResult } from "../import/import-types.js";
import { LibraryError } from "../store/library-error.js";
import type { ModelLibrary } from "../store/model-library.js";
import { importPulled } from "./import-pulled.js";
import { openDownloadQueue } from "./open-download-queue.js";

export interface PullIntoLibraryOptions {
  revision?: string;
  /** Aborting pauses the download: its `.part` files stay, and the next pull of it resumes. */
  signal?: AbortSignal;
  onProgress?: ProgressSink;
  /** HF_ENDPOINT, HF_TOKEN, HF_HOME, HF_HUB_OFFLINE ...; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Write the official HF cache layout instead of importing (other HF tools then see the files). */
  toHfCache?: boolean;
}

export interface PullIntoLibraryResult {
  /** The queue entry (id for `mlib downloads`). */
  download: DownloadEntry;
  pull: PullResult;
  /** Absent with `toHfCache`. */
  imported?: ImportResult;
}

/**
 * `org/repo[:QUANT]` or `org/repo/path/file`, queued in the library's download queue and run
 * here until it ends: downloaded with resume and verification into `.mlib/downloads/<org>--<name>/`
 * (a re-run resumes the same `.part` files), then moved into the library with its provenance.
 */
export async function pullIntoLibrary(
  library: ModelLibrary,
  spec: string,
  options: PullIntoLibraryOptions = {},
): Promise<PullIntoLibraryResult> {
  const parsed = parsePullSpec(spec);
  const dest = join(library.paths.downloads, parsed.repo.replace("/", "--"));
  await mkdir(library.paths.downloads, { recursive: true });
  const queue = openDownloadQueue(library, options);
  try {
    const entry = queue.enqueue(spec, { revision: options.revision ?? parsed.revision, dest });
    const ended = await new Promise<DownloadEntry>((resolve) => {
      const off = queue.subscribe((event) => {
        if (event.type === "progress" && event.id === entry.id) options.onProgress?.(event.event);
        if (event.type === "changed" && event.entry.id === entry.id && ENDED.has(event.entry.state)) {
          off();
          resolve(event.entry);
        }
      });
      options.signal?.addEventListener("abort", () => queue.pause(entry.id), { once: true });
      queue.start();
    });
    if (ended.state !== "done" || !ended.result) {
      const why =
        ended.state === "paused"
          ? "paused: run the same pull again to resume"
          : (ended.reason ?? ended.state);
      throw new LibraryError("PULL_FAILED", `${spec}: ${why}`);
    }
    if (options.toHfCache) return { download: ended, pull: ended.result };
    const imported = await importPulled(library, ended.result, dest, options);
    return { download: ended, pull: ended.result, imported };
  } finally {
    await queue.close();
  }
}

const ENDED = new Set(["done", "failed", "paused", "cancelled"]);
