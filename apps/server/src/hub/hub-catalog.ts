import { gitTreeOids, lfsPointerInfo } from "@ml/hub-protocol";
import { type IndexedModel, LibraryError, type ModelLibrary, type ModelRecord } from "@ml/library";
import { ServerError } from "../server-error.js";
import { repoFilePath } from "./repo-file-path.js";
import { syntheticCommit } from "./synthetic-commit.js";

/** A file as the hub serves it: always as an LFS file, whose blob name is its sha256. */
export interface HubFile {
  path: string;
  size: number;
  sha256: string;
  /** The LFS pointer: its git blob id is the tree's `oid`. */
  pointer: { oid: string; size: number };
  modelId: string;
  /** Where the bytes are. */
  absolute: string;
  /** The model folder. */
  folder: string;
  /** An in-place import: the file lives outside the library, where the user registered it. */
  external: boolean;
}

export interface HubSnapshot {
  commit: string;
  /** ISO 8601: when the newest model of the snapshot came into the library. */
  date: string;
  title: string;
  files: Map<string, HubFile>;
  /** Folder path ("" for the root) → git tree id. */
  dirs: Map<string, string>;
}

/** A repo as listings show it: what the index knows, no metadata.json read. */
export interface HubRepoSummary {
  id: string;
  author: string;
  models: IndexedModel[];
}

export interface HubRepo extends HubRepoSummary {
  /** What `main` and `HEAD` name: every file of the repo, at the newest commit. */
  head: HubSnapshot;
  /** By commit; the head commit maps to `head`. */
  snapshots: Map<string, HubSnapshot>;
}

/** Namespace of models that did not come from a Hugging Face repo. */
export const LOCAL_NAMESPACE = "local";

const COMMIT = /^[0-9a-f]{40}$/;
const REPO_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;
const PAGE = 1000;

/**
 * The library seen as hub repos. A model pulled from Hugging Face (`source.repo`) is a file set
 * of that repo at its commit (`source.commit`), and several models of one repo (two
 * quantizations) share it; any other model is the repo `local/<id>` with a commit derived from
 * its files. `main`/`HEAD` of a repo show all its files at the newest commit. Listings come from
 * the index (kept while `stamp()` is unchanged); metadata.json files are read when a repo is
 * opened, and kept while the model's `updatedAt` is unchanged.
 */
export class HubCatalog {
  readonly #library: ModelLibrary;
  readonly #stamp: () => number;
  #repos: { stamp: number; byId: Map<string, HubRepoSummary> } | undefined;
  readonly #records = new Map<string, { updatedAt: string; record: ModelRecord }>();
  /** Opened repos, kept while their models are unchanged (same ids and `updatedAt`). */
  readonly #opened = new Map<string, { key: string; repo: HubRepo }>();

  constructor(library: ModelLibrary, stamp: () => number) {
    this.#library = library;
    this.#stamp = stamp;
  }

  /** Every repo, by id. */
  list(): HubRepoSummary[] {
    return [...this.#summaries().values()];
  }

  /** Opens a repo: its snapshots with their files. RepoNotFound when no model makes it. */
  async repo(id: string): Promise<HubRepo> {
    const summary = this.#summaries().get(id);
    if (!summary) throw repoNotFound(id);
    const key = summary.models.map((m) => `${m.id}@${m.updatedAt}`).join(",");
    const cached = this.#opened.get(id);
    if (cached?.key === key) return cached.repo;
    const hubRepo = !id.startsWith(`${LOCAL_NAMESPACE}/`);
    const entries: Array<{ record: ModelRecord; commit: string; files: HubFile[] }> = [];
    for (const model of summary.models) {
      const record = await this.#record(model);
      if (!record) continue;
      const files = hubFiles(record, hubRepo);
      const commit =
        hubRepo && record.source.commit && COMMIT.test(record.source.commit)
          ? record.source.commit
          : syntheticCommit(files);
      entries.push({ record, commit, files });
    }
    if (entries.length === 0) throw repoNotFound(id);
    // Oldest first, so that in the head snapshot a newer model's file wins a shared path.
    entries.sort((a, b) =>
      a.record.added_at < b.record.added_at ? -1 : a.record.added_at > b.record.added_at ? 1 : 0,
    );
    const newest = entries[entries.length - 1] as (typeof entries)[number];
    const snapshots = new Map<string, HubSnapshot>();
    for (const commit of new Set(entries.map((e) => e.commit))) {
      if (commit === newest.commit) continue;
      snapshots.set(
        commit,
        snapshotOf(
          commit,
          entries.filter((e) => e.commit === commit),
        ),
      );
    }
    const head = snapshotOf(newest.commit, entries);
    snapshots.set(head.commit, head);
    const repo = { ...summary, head, snapshots };
    this.#opened.set(id, { key, repo });
    return repo;
  }

  /** The snapshot a revision names: `main`, `HEAD` or a commit id. RevisionNotFound otherwise. */
  async snapshot(id: string, revision: string): Promise<{ repo: HubRepo; snapshot: HubSnapshot }> {
    const repo = await this.repo(id);
    const snapshot =
      revision === "main" || revision === "HEAD" ? repo.head : repo.snapshots.get(revision.toLowerCase());
    if (!snapshot) {
      throw new ServerError("REVISION_NOT_FOUND", 404, `Invalid rev id: ${revision}`, "RevisionNotFound");
    }
    return { repo, snapshot };
  }

  #summaries(): Map<string, HubRepoSummary> {
    const stamp = this.#stamp();
    if (this.#repos?.stamp === stamp) return this.#repos.byId;
    const groups = new Map<string, HubRepoSummary>();
    for (let offset = 0; ; offset += PAGE) {
      const page = this.#library.list({ sort: "name", limit: PAGE, offset });
      for (const model of page.items) {
        const id = repoIdOf(model);
        let group = groups.get(id);
        if (!group) {
          group = { id, author: id.slice(0, id.indexOf("/")), models: [] };
          groups.set(id, group);
        }
        group.models.push(model);
      }
      if (page.items.length < PAGE) break;
    }
    const byId = new Map([...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    this.#repos = { stamp, byId };
    // Forget what belongs to models and repos that are gone.
    const ids = new Set([...byId.values()].flatMap((repo) => repo.models.map((m) => m.id)));
    for (const id of this.#records.keys()) if (!ids.has(id)) this.#records.delete(id);
    for (const id of this.#opened.keys()) if (!byId.has(id)) this.#opened.delete(id);
    return byId;
  }

  async #record(model: IndexedModel): Promise<ModelRecord | undefined> {
    const cached = this.#records.get(model.id);
    if (cached && cached.updatedAt === model.updatedAt) return cached.record;
    try {
      const record = await this.#library.get(model.id);
      this.#records.set(model.id, { updatedAt: model.updatedAt, record });
      return record;
    } catch (error) {
      // The index was ahead of the tree (a folder removed by hand): the model is not served.
      if (error instanceof LibraryError && (error.code === "NOT_FOUND" || error.code === "BAD_METADATA")) {
        this.#records.delete(model.id);
        return undefined;
      }
      throw error;
    }
  }
}

/** The hub repo a model belongs to. */
export function repoIdOf(model: Pick<IndexedModel, "id" | "repo">): string {
  const repo = model.repo;
  if (repo && REPO_ID.test(repo) && !repo.startsWith(`${LOCAL_NAMESPACE}/`)) return repo;
  return `${LOCAL_NAMESPACE}/${model.id}`;
}

function repoNotFound(id: string): ServerError {
  return new ServerError("REPO_NOT_FOUND", 404, `Repository not found: ${id}`, "RepoNotFound");
}

function hubFiles(record: ModelRecord, hubRepo: boolean): HubFile[] {
  const files: HubFile[] = [];
  for (const file of record.files) {
    const path = repoFilePath(record, file.name, hubRepo);
    if (path === undefined) continue;
    files.push({
      path,
      size: file.size,
      sha256: file.sha256,
      pointer: lfsPointerInfo(file.sha256, file.size),
      modelId: record.id,
      absolute: file.path,
      folder: record.folder,
      external: file.external_path !== undefined,
    });
  }
  return files;
}

function snapshotOf(
  commit: string,
  entries: ReadonlyArray<{ record: ModelRecord; files: HubFile[] }>,
): HubSnapshot {
  const files = new Map<string, HubFile>();
  for (const entry of entries) for (const file of entry.files) files.set(file.path, file);
  const blobs = new Map([...files].map(([path, file]) => [path, file.pointer.oid]));
  const last = entries[entries.length - 1]?.record;
  return {
    commit,
    date: last?.added_at ?? new Date(0).toISOString(),
    title: `mlib: ${entries.map((e) => e.record.name).join(", ")}`,
    files,
    dirs: gitTreeOids(blobs),
  };
}
