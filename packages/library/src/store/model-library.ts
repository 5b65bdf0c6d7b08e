// The library facade: one object per open library, shared by the CLI, the server, the watcher
// and the merge. Mutations take the writer lock; reads go to the index (a cache of the tree).
import { mkdir, rm, stat } from "node:fs/promises";
import {
  type IndexStats,
  type ModelIndex,
  openModelIndex,
  type SearchQuery,
  type SearchResult,
} from "@ml/index-fts";
import { KeyedLock, writeFileAtomic } from "@ml/progress";
import { type AdoptHfCacheOptions, type AdoptHfCacheResult, adoptHfCache } from "../import/adopt-hf-cache.js";
import { importModels } from "../import/import-models.js";
import type { ImportOptions, ImportResult } from "../import/import-types.js";
import { removeLinksOfModel } from "../links/remove-links-of-model.js";
import { type AdoptOptions, type AdoptResult, adoptOrphans } from "../maintenance/adopt-orphans.js";
import { type RecoveryReport, recoverState } from "../maintenance/recover-state.js";
import { type ReidentifyResult, reidentifyModels } from "../maintenance/reidentify-models.js";
import { type ReindexResult, reindexLibrary } from "../maintenance/reindex-library.js";
import { type RemovedModel, removeModel } from "../maintenance/remove-model.js";
import { type VerifyOptions, type VerifyReport, verifyModels } from "../maintenance/verify-models.js";
import { mergeLibrary } from "../merge/merge-library.js";
import type { MergeOptions, MergePlan, MergeResult } from "../merge/merge-types.js";
import { type RefreshResult, refreshModels } from "../watch/refresh-models.js";
import type { LibraryChange, LibraryContext } from "./library-context.js";
import { LibraryError } from "./library-error.js";
import { acquireLibraryLock } from "./library-lock.js";
import { type LibraryPaths, libraryPaths } from "./library-paths.js";
import { loadModel } from "./load-model.js";
import type { OverridesPatch } from "./metadata-schema.js";
import type { ModelRecord } from "./model-record.js";
import { pathExists } from "./path-exists.js";
import { resolveModelId } from "./resolve-model-id.js";
import { setOverrides } from "./set-overrides.js";

export interface OpenLibraryOptions {
  /** Create the layout (`.mlib/`, tmp, journal, index) when the folder holds no library yet. */
  create?: boolean;
  /** How long a mutation waits for another process's lock before LIBRARY_LOCKED. Default 10 s. */
  lockTimeoutMs?: number;
}

/** What opening did to bring the library back in order; all empty on a clean open. */
export interface OpenReport {
  recovery: RecoveryReport;
  /** Set when the index was rebuilt (missing, damaged, too new, or stale after a crash). */
  reindexed: (ReindexResult & { reason: string }) | null;
}

/**
 * How often opening runs the index's full integrity check (SQLite quick_check plus the FTS
 * index against its rows): ~1 s at 100,000 models, too slow for every command. In between, a
 * file that is no database fails at open and damage met later is reported as CORRUPT (the
 * message says to reindex); a crash mid-change is handled by the journal, not by this check.
 */
export const INDEX_CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000;

export type ChangeListener = (change: LibraryChange) => void;
export type BeforeRemoveHook = (record: ModelRecord) => void | Promise<void>;

export class ModelLibrary {
  readonly paths: LibraryPaths;
  /** What open() recovered or rebuilt. */
  readonly openReport: OpenReport;
  readonly #index: ModelIndex;
  readonly #lockTimeoutMs: number;
  readonly #queue = new KeyedLock<"writer">();
  readonly #listeners = new Set<ChangeListener>();
  readonly #beforeRemove = new Set<BeforeRemoveHook>();
  readonly #ctx: LibraryContext;
  #closed = false;

  private constructor(paths: LibraryPaths, index: ModelIndex, lockTimeoutMs: number, openReport: OpenReport) {
    this.paths = paths;
    this.#index = index;
    this.#lockTimeoutMs = lockTimeoutMs;
    this.openReport = openReport;
    const self = this;
    this.#ctx = {
      paths,
      get index() {
        return self.#openIndex();
      },
      withLock: (fn) => this.#withLock(fn),
      emitChange: (change) => this.#emitChange(change),
      beforeRemove: (record) => this.#runBeforeRemove(record),
    };
  }

  /**
   * Opens the library at `root` (NOT_A_LIBRARY unless it has `.mlib/` or `create` is set). Under
   * the lock it recovers what a crash left in `.mlib/tmp` and the journal (an interrupted import
   * vanishes, a file taken by an interrupted move goes back to where it was), and rebuilds the
   * index when it is missing, damaged, too new or stale.
   */
  static async open(root: string, options: OpenLibraryOptions = {}): Promise<ModelLibrary> {
    const paths = libraryPaths(root);
    const lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
    const isLibrary = await stat(paths.state).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isLibrary) {
      if (!options.create) {
        throw new LibraryError("NOT_A_LIBRARY", `${paths.root} is not an mlib library (no .mlib folder)`, {
          path: paths.root,
        });
      }
      await mkdir(paths.state, { recursive: true });
    }
    await mkdir(paths.tmp, { recursive: true });
    await mkdir(paths.journal, { recursive: true });

    const lock = await acquireLibraryLock(paths.lock, { timeoutMs: lockTimeoutMs });
    try {
      const recovery = await recoverState(paths);
      let reason: string | null = (await pathExists(paths.db)) ? null : "no index yet";
      let index: ModelIndex;
      let checked = false;
      try {
        index = openModelIndex(paths.db);
        if (!reason && (await indexCheckDue(paths))) {
          const check = index.checkIntegrity();
          if (!check.ok) throw new Error(check.problems.join("; "));
          checked = true;
        }
      } catch (error) {
        // The index is a cache: a damaged or newer-schema one is replaced by a rebuild.
        reason = `index unusable: ${(error as Error).message}`;
        await Promise.all(["", "-wal", "-shm"].map((suffix) => rm(paths.db + suffix, { force: true })));
        index = openModelIndex(paths.db);
      }
      if (!reason && recovery.needsReindex) reason = "an operation was interrupted";
      const reindexed = reason ? { ...(await reindexLibrary(paths.root, index)), reason } : null;
      if (checked || reindexed) await writeFileAtomic(paths.dbChecked, `${new Date().toISOString()}\n`);
      const library = new ModelLibrary(paths, index, lockTimeoutMs, { recovery, reindexed });
      library.onBeforeRemove(removeLinksOfModel(paths.links));
      return library;
    } finally {
      await lock.release();
    }
  }

  /** The model with this id or unique id prefix: metadata with overrides applied, folder and file paths. */
  async get(idOrPrefix: string): Promise<ModelRecord> {
    return loadModel(this.#ctx, resolveModelId(this.#ctx, idOrPrefix));
  }

  /** Browses the index: every model, filtered and paged like search. */
  list(query: Omit<SearchQuery, "query"> = {}): SearchResult {
    return this.#openIndex().search({ ...query, query: "" });
  }

  /** Full-text search with filters (type, format, architecture, quantization, tag, size ...). */
  search(query: SearchQuery): SearchResult {
    return this.#openIndex().search(query);
  }

  /** Imports files, shard sets and folders (see importModels). */
  import(paths: string | readonly string[], options: ImportOptions = {}): Promise<ImportResult> {
    return importModels(this.#ctx, typeof paths === "string" ? [paths] : paths, options);
  }

  /** Removes a model (its files, or only its metadata for an in-place model); runs onBeforeRemove hooks first. */
  remove(idOrPrefix: string): Promise<RemovedModel> {
    return removeModel(this.#ctx, idOrPrefix);
  }

  /** Rebuilds the index from the metadata.json files; damaged ones are skipped with a warning. */
  reindex(): Promise<ReindexResult> {
    return this.#withLock(() => reindexLibrary(this.paths.root, this.#openIndex()));
  }

  /**
   * Re-reads the model folders at and under `paths` (relative ones from the root) and brings
   * their index entries in line: reindex for those subtrees only. Changes made by others (by
   * hand, another process) are what it finds, so it reports them instead of calling `onChange`.
   */
  refresh(paths: string | readonly string[]): Promise<RefreshResult> {
    return refreshModels(this.#ctx, typeof paths === "string" ? [paths] : paths);
  }

  /** Re-hashes all models or the given ones and compares with metadata. */
  verify(ids?: readonly string[], options: VerifyOptions = {}): Promise<VerifyReport> {
    return verifyModels(this.#ctx, ids, options);
  }

  /**
   * Merges the library at `sourceRoot` into this one (see mergeLibrary): each model moves here
   * (or is found here already), with its overrides and link records; `dryRun` only plans.
   */
  merge(sourceRoot: string, options: MergeOptions & { dryRun: true }): Promise<MergePlan>;
  merge(sourceRoot: string, options?: MergeOptions & { dryRun?: false }): Promise<MergeResult>;
  merge(sourceRoot: string, options?: MergeOptions): Promise<MergePlan | MergeResult>;
  merge(sourceRoot: string, options: MergeOptions = {}): Promise<MergePlan | MergeResult> {
    return mergeLibrary(this.#ctx, sourceRoot, options);
  }

  /** Registers model files in the tree that have no metadata, and cleans `.mlib/tmp`. */
  adopt(options: AdoptOptions = {}): Promise<AdoptResult> {
    return adoptOrphans(this.#ctx, options);
  }

  /**
   * Registers the models of a Hugging Face hub cache without copying: hard links on the same
   * file system, in-place records elsewhere, provenance from the cache layout (see adoptHfCache).
   */
  adoptHfCache(options: AdoptHfCacheOptions): Promise<AdoptHfCacheResult> {
    return adoptHfCache(this.#ctx, options);
  }

  /** Identifies one model (or all) again; overrides are kept. */
  reidentify(idOrPrefix?: string): Promise<ReidentifyResult> {
    return reidentifyModels(this.#ctx, idOrPrefix);
  }

  /** Edits a model's user fields (overrides.json); `null` removes an override. */
  setOverrides(idOrPrefix: string, patch: OverridesPatch): Promise<ModelRecord> {
    return setOverrides(this.#ctx, idOrPrefix, patch);
  }

  /** Counts and sizes, in total and by type, architecture, format and quantization. */
  stats(): IndexStats {
    return this.#openIndex().stats();
  }

  /** Calls `fn` after each change this library object makes. Returns a function that unsubscribes. */
  onChange(fn: ChangeListener): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /**
   * Calls `fn` with a model before it is removed (the mapper removes its links there); an error
   * from `fn` aborts the removal with REMOVE_BLOCKED. Returns a function that unsubscribes.
   */
  onBeforeRemove(fn: BeforeRemoveHook): () => void {
    this.#beforeRemove.add(fn);
    return () => this.#beforeRemove.delete(fn);
  }

  /** Closes the index after the operations in progress have finished. Later calls throw CLOSED. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#queue.run("writer", () => {
      this.#closed = true;
      this.#index.close();
    });
  }

  #openIndex(): ModelIndex {
    if (this.#closed) throw new LibraryError("CLOSED", `library ${this.paths.root} is closed`);
    return this.#index;
  }

  #withLock<T>(fn: () => Promise<T>): Promise<T> {
    return this.#queue.run("writer", async () => {
      this.#openIndex();
      const lock = await acquireLibraryLock(this.paths.lock, { timeoutMs: this.#lockTimeoutMs });
      try {
        return await fn();
      } finally {
        await lock.release();
      }
    });
  }

  #emitChange(change: LibraryChange): void {
    for (const fn of this.#listeners) {
      try {
        fn(change);
      } catch {
        // A listener's failure is its own; the change is done.
      }
    }
  }

  async #runBeforeRemove(record: ModelRecord): Promise<void> {
    for (const fn of this.#beforeRemove) {
      try {
        await fn(record);
      } catch (error) {
        throw new LibraryError(
          "REMOVE_BLOCKED",
          `removal of ${record.id} refused: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error, path: record.folder },
        );
      }
    }
  }
}

/** True when the index has not passed a full check within INDEX_CHECK_INTERVAL_MS. */
async function indexCheckDue(paths: LibraryPaths): Promise<boolean> {
  const last = await stat(paths.dbChecked).catch(() => null);
  return !last || Date.now() - last.mtimeMs > INDEX_CHECK_INTERVAL_MS;
}
