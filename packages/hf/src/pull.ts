import { lstat } from "node:fs/promises";
import { join } from "node:path";
import { checkDiskSpace, emitter, KeyedLock, type ProgressSink, throttleProgress } from "@ml/progress";
import { DEFAULT_RETRY, type RetryPolicy } from "./backoff-delay.js";
import { type HubFetch, hubOrDefault } from "./create-hub-fetch.js";
import { fetchVerifiedFile } from "./fetch-verified-file.js";
import { HfError, OfflineError } from "./hf-error.js";
import { parsePullSpec } from "./parse-pull-spec.js";
import { repoDetails } from "./repo-details.js";
import { selectPullFiles } from "./select-pull-files.js";
import type { PulledFile, PullResult, RepoFile } from "./types.js";
import { writeToHfCache } from "./write-to-hf-cache.js";

export interface PullOptions {
  /** `org/repo`, `org/repo:Q4_K_M` or `org/repo/path/file.gguf` (see parsePullSpec). */
  repo: string;
  /** Variant name, quantization label or file path; default: from `repo`, else the repo's default variant. */
  variant?: string;
  /** Branch, tag or commit; default "main". */
  revision?: string;
  /** Folder the files are downloaded into, at their repo paths (`<dest>/<path>`, parts beside them). */
  dest: string;
  signal?: AbortSignal;
  /** Progress events (throttled to 10 per second per file). */
  onProgress?: ProgressSink;
  /** Per-repo lock shared with whatever else changes models (a removal waits for the pull). Default: one per process. */
  lock?: KeyedLock;
  hub?: HubFetch;
  /** Then move the verified files into the hub cache (HfConfig.cacheDir) so other HF tools see them. */
  toHfCache?: boolean;
  /** `id` of the progress events; default the spec. */
  id?: string;
  retry?: RetryPolicy;
  /** A connection that sends nothing for this long is dropped and resumed. Default 30 s. */
  stallTimeoutMs?: number;
  /** Space to keep free beyond the download (checkDiskSpace's cushion). Default 1 GiB. */
  diskCushionBytes?: number;
}

const processLock = new KeyedLock();
const DEFAULT_STALL_MS = 30_000;
const PROGRESS_EVERY_MS = 50;

/**
 * Download a model variant (or one file) verified byte for byte: resumes what earlier runs left,
 * survives network failures, stalls and sleep, and reports only files whose hash equals the hub's.
 */
export async function pull(options: PullOptions): Promise<PullResult> {
  const emit = emitter(options.onProgress && throttleProgress(options.onProgress));
  const id = options.id ?? options.repo;
  try {
    const spec = parsePullSpec(options.repo);
    if (options.variant !== undefined && (spec.variant ?? spec.file ?? options.variant) !== options.variant) {
      throw new HfError(
        "BAD_SPEC",
        `${options.repo} already names ${spec.variant ?? spec.file}; do not also ask for ${options.variant}`,
      );
    }
    const hub = hubOrDefault(options.hub);
    if (hub.config.offline)
      throw new OfflineError(`pulling ${spec.repo} needs the network; unset HF_HUB_OFFLINE to download`);
    const revision = options.revision ?? spec.revision ?? "main";
    return await (options.lock ?? processLock).run(spec.repo, async () => {
      const details = await repoDetails(spec.repo, {
        revision,
        hub,
        ...(options.signal && { signal: options.signal }),
      });
      const variantOrFile = options.variant ?? spec.variant;
      const { variant, files } = selectPullFiles(details, {
        ...(variantOrFile !== undefined && { variant: variantOrFile }),
        ...(spec.file !== undefined && { file: spec.file }),
      });
      let needed = 0;
      for (const file of files) needed += file.size - (await partBytes(options.dest, file));
      await checkDiskSpace(options.dest, needed, {
        ...(options.diskCushionBytes !== undefined && { cushionBytes: options.diskCushionBytes }),
      });

      emit({
        type: "started",
        id,
        files: files.length,
        totalBytes: files.reduce((sum, f) => sum + f.size, 0),
      });
      const pulled: PulledFile[] = [];
      for (const file of files) {
        emit({ type: "file_started", id, file: file.path, size: file.size });
        let lastProgressAt = Number.NEGATIVE_INFINITY;
        const localPath = localPathOf(options.dest, file);
        const fetched = await fetchVerifiedFile({
          hub,
          repo: spec.repo,
          commit: details.commit,
          file,
          finalPath: localPath,
          ...(options.signal && { signal: options.signal }),
          retry: { ...DEFAULT_RETRY, ...options.retry },
          stallTimeoutMs: options.stallTimeoutMs ?? DEFAULT_STALL_MS,
          onBytes: (bytesDone) => {
            // Called per network chunk (thousands a second): build an event only every 50 ms, and the last one.
            const now = performance.now();
            if (!emit.enabled || (now - lastProgressAt < PROGRESS_EVERY_MS && bytesDone < file.size)) return;
            lastProgressAt = now;
            emit({ type: "file_progress", id, file: file.path, bytesDone, bytesTotal: file.size });
          },
          onVerifying: () => emit({ type: "verifying", id, file: file.path }),
        });
        emit({ type: "file_completed", id, file: file.path, bytes: file.size });
        pulled.push({ path: file.path, localPath, ...fetched });
      }
      if (options.toHfCache) {
        const entries = await writeToHfCache({
          cacheDir: hub.config.cacheDir,
          repo: spec.repo,
          commit: details.commit,
          revision,
          mode: "move",
          files: pulled.map((f) => ({
            path: f.path,
            localPath: f.localPath,
            etag: f.gitSha1 ?? f.sha256,
          })),
        });
        entries.forEach((entry, i) => {
          (pulled[i] as PulledFile).localPath = entry.snapshotPath;
        });
      }
      emit({ type: "completed", id });
      return {
        repo: spec.repo,
        revision,
        commit: details.commit,
        ...(variant && { variant: variant.name }),
        files: pulled,
      };
    });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    emit({
      type: "failed",
      id,
      reason: error instanceof Error ? error.message : String(error),
      ...(typeof code === "string" && { code }),
    });
    throw error;
  }
}

function localPathOf(dest: string, file: RepoFile): string {
  return join(dest, ...file.path.split("/"));
}

/** Bytes of a file already downloaded (final or part), for the disk-space preflight. */
async function partBytes(dest: string, file: RepoFile): Promise<number> {
  const path = localPathOf(dest, file);
  for (const candidate of [path, `${path}.part`]) {
    try {
      return Math.min(file.size, (await lstat(candidate)).size);
    } catch {
      // Not there: try the next.
    }
  }
  return 0;
}
