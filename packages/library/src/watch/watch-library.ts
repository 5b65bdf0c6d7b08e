import { stat } from "node:fs/promises";
import { basename, dirname, join, relative, sep } from "node:path";
import { type FSWatcher, watch } from "chokidar";
import { LibraryError } from "../store/library-error.js";
import { isInside } from "../store/library-paths.js";
import { METADATA_FILE, OVERRIDES_FILE } from "../store/metadata-schema.js";
import type { ModelLibrary } from "../store/model-library.js";
import { checkPayloadChange } from "./check-payload-change.js";
import { PathSettler } from "./path-settler.js";

export type LibraryEventKind = "added" | "updated" | "removed" | "moved" | "modified" | "adopted";

/** A change found in the tree, made by hand or by another program. */
export interface LibraryEvent {
  kind: LibraryEventKind;
  id: string;
  /** Absolute: the model folder (where it was, for `removed`); the payload file, for `modified`. */
  path: string;
  /** `moved`: the folder the model was in. */
  from?: string;
  /** `modified`: what differs from metadata.json. */
  reason?: string;
}

/** One batch of settled paths, handled. */
export interface WatchBatch {
  /** Paths (files and folders) the batch held. */
  paths: number;
  /** Events it produced. */
  events: number;
  /** From the batch being taken to the index being up to date. */
  durationMs: number;
}

export interface WatchOptions {
  onEvent?: (event: LibraryEvent) => void;
  /** A model left out (damaged metadata.json, an id used twice, a pickle adopt refused ...): one line. Default: process.emitWarning. */
  onWarning?: (message: string) => void;
  /** A batch that failed (I/O error, the library closed ...). Default: process.emitWarning. */
  onError?: (error: Error) => void;
  onBatch?: (batch: WatchBatch) => void;
  /** How long a file must go without events and without growing before it is acted on. Default 1000. */
  stabilityMs?: number;
  /** How long settled paths wait for files still being written before they go anyway. Default 1000. */
  batchMs?: number;
}

export interface LibraryWatcher {
  /** The library root being watched. */
  readonly root: string;
  /** Stops watching; waits for the batch in progress. Events not yet settled are dropped. */
  close(): Promise<void>;
}

/** Names of files still being written by download tools: never a reason to adopt. */
const PARTIAL_FILE = /\.(part|partial|crdownload|download|tmp|temp|incomplete|aria2)$/i;

/**
 * Watches the library tree and keeps the index in line with what is done to it by hand: an
 * edited metadata.json or overrides.json is re-read (`library.refresh`), a model folder deleted
 * or moved is removed or gets its new path (same id), a payload file that no longer matches
 * metadata.json is reported `modified` (not re-hashed: `verify` decides), and model files
 * dropped into the tree outside model folders are adopted once nothing is being written any
 * more. Events wait until their paths settle (see PathSettler) and go in batches: one refresh,
 * one index transaction per batch. `.mlib/` and hidden files are ignored, and the library's own
 * writes produce no events: a refresh finds the index already up to date, and payload files of
 * models this library object just wrote are not checked (nor those of folders just added).
 */
export async function watchLibrary(
  library: ModelLibrary,
  options: WatchOptions = {},
): Promise<LibraryWatcher> {
  const { root } = library.paths;
  const stabilityMs = options.stabilityMs ?? 1000;
  const batchMs = options.batchMs ?? 1000;
  const warn = options.onWarning ?? ((message: string) => process.emitWarning(message));
  const fail = options.onError ?? ((error: Error) => process.emitWarning(error));
  const emit = (event: LibraryEvent) => options.onEvent?.(event);

  /**
   * Model folders just written or removed by this library object, or just found in the tree
   * (added, moved), until when: their payload files are not checked, since they are not changes
   * to a known model (and a plain copy gives a payload a newer mtime than its metadata.json).
   */
  const fresh = new Map<string, number>();
  const freshMs = stabilityMs + batchMs + 5000;
  const markFresh = (folder: string) => fresh.set(folder, Date.now() + freshMs);
  const isFresh = (folder: string) => {
    const until = fresh.get(folder) ?? 0;
    if (until < Date.now()) fresh.delete(folder);
    return until >= Date.now();
  };
  const unsubscribe = [
    library.onChange((change) => {
      if (change.kind === "removed") return; // its folder was noted by onBeforeRemove
      library.get(change.id).then(
        (record) => markFresh(record.folder),
        () => {},
      );
    }),
    library.onBeforeRemove((record) => {
      markFresh(record.folder);
    }),
  ];

  /** Folders among the events (a path gone by the time it settles cannot say what it was). */
  const folders = new Set<string>();
  /** Files dropped into the tree have settled, but something else was still being written. */
  let adoptWaiting = false;

  const handle = async (paths: string[]): Promise<void> => {
    const started = Date.now();
    let events = 0;
    const send = (event: LibraryEvent) => {
      events++;
      emit(event);
    };
    try {
      const refresh = new Set<string>();
      const payloads: Array<{ folder: string; file: string }> = [];
      for (const path of paths) {
        const name = basename(path);
        if (name === METADATA_FILE || name === OVERRIDES_FILE) {
          refresh.add(dirname(path));
          continue;
        }
        const info = await stat(path).catch(() => null);
        if (folders.delete(path) || info?.isDirectory()) {
          refresh.add(path);
          continue;
        }
        const folder = await modelFolderOf(root, path);
        if (folder) {
          payloads.push({ folder, file: path });
        } else if (info?.isFile() && !PARTIAL_FILE.test(name)) {
          adoptWaiting = true;
        }
      }
      if (refresh.size > 0) {
        const result = await library.refresh([...refresh]);
        for (const line of result.warnings) warn(line);
        for (const change of result.changes) {
          if (change.kind === "added" || change.kind === "moved") markFresh(change.folder);
          send({
            kind: change.kind,
            id: change.id,
            path: change.folder,
            ...(change.from === undefined ? {} : { from: change.from }),
          });
        }
      }
      for (const { folder, file } of payloads) {
        if (isFresh(folder)) continue;
        const change = await checkPayloadChange(folder, file);
        if (change) send({ kind: "modified", id: change.id, path: file, reason: change.reason });
      }
      // Adopt walks the whole tree: a file still being copied in must not be taken half-written.
      if (adoptWaiting && settler.pendingCount === 0) {
        adoptWaiting = false;
        const result = await library.adopt();
        for (const skipped of result.skipped) warn(`not adopted: ${skipped.path}: ${skipped.reason}`);
        for (const model of result.imported) send({ kind: "adopted", id: model.id, path: model.folder });
      }
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      fail(err);
      // Another process held the lock too long: try these paths again later.
      if (err instanceof LibraryError && err.code === "LIBRARY_LOCKED") {
        for (const path of paths) settler.touch(path);
      }
    }
    options.onBatch?.({ paths: paths.length, events, durationMs: Date.now() - started });
  };

  const settler = new PathSettler({ stabilityMs, batchMs, onBatch: handle });
  const watcher: FSWatcher = watch(root, {
    ignoreInitial: true,
    followSymlinks: false,
    // `.mlib/` (state, temp files, journal) and hidden files (atomic-write temps) are never models.
    ignored: (path: string) =>
      relative(root, path)
        .split(sep)
        .some((part) => part.startsWith(".")),
  });
  watcher.on("all", (event, path) => {
    if (event === "addDir" || event === "unlinkDir") folders.add(path);
    settler.touch(path);
  });
  watcher.on("error", (error) => fail(error instanceof Error ? error : new Error(String(error))));
  await new Promise<void>((resolve) => watcher.once("ready", resolve));

  let closing: Promise<void> | null = null;
  return {
    root,
    close() {
      closing ??= (async () => {
        for (const off of unsubscribe) off();
        await watcher.close();
        await settler.close();
      })();
      return closing;
    },
  };
}

/** The model folder (one holding metadata.json) that `path` lies in, if any. */
async function modelFolderOf(root: string, path: string): Promise<string | null> {
  for (let dir = dirname(path); dir !== root && isInside(root, dir); dir = dirname(dir)) {
    if ((await stat(join(dir, METADATA_FILE)).catch(() => null))?.isFile()) return dir;
  }
  return null;
}
