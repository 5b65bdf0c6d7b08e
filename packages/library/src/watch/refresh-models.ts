import { stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { IndexedModel } from "@ml/index-fts";
import type { LibraryContext } from "../store/library-context.js";
import { LibraryError } from "../store/library-error.js";
import { isInside, STATE_DIR } from "../store/library-paths.js";
import { listAllModels } from "../store/list-all-models.js";
import { METADATA_FILE } from "../store/metadata-schema.js";
import { toModelRecord } from "../store/model-record.js";
import { readMetadata } from "../store/read-metadata.js";
import { readOverrides } from "../store/read-overrides.js";
import { scanModelFolders } from "../store/scan-model-folders.js";
import { toIndexedModel } from "../store/to-indexed-model.js";

/** One index entry that a refresh changed. */
export interface RefreshChange {
  kind: "added" | "updated" | "removed" | "moved";
  id: string;
  /** The model folder (absolute); for `removed`, where it was. */
  folder: string;
  /** For `moved`: the folder the index had. */
  from?: string;
}

export interface RefreshResult {
  changes: RefreshChange[];
  /** Model folders left out, one line each naming the file and the problem (as reindex words them). */
  warnings: string[];
}

/** Metadata files read at once. */
const CONCURRENCY = 32;

type DiskEntry = { folder: string; doc: IndexedModel } | { folder: string; warning: string };

/**
 * Brings the index in line with the tree at and under each of `paths` (model folders, or any
 * folder of the tree; relative paths are taken from the root), as `reindex` would for those
 * subtrees alone: models found are added or updated, index entries whose folder no longer holds
 * them are removed, and a model whose folder moved keeps its id with the new path (`moved`). A
 * damaged metadata.json, or a second folder claiming an indexed id, is left out with a warning.
 * Entries that already match the tree are not rewritten, so refreshing after the library's own
 * writes reports nothing. Runs under the lock; upserts go in one transaction.
 */
export async function refreshModels(ctx: LibraryContext, paths: readonly string[]): Promise<RefreshResult> {
  const { root } = ctx.paths;
  const given = new Set(paths.map((p) => checkScope(root, resolve(root, p))));
  // Ancestors are looked up in the set: a batch can name thousands of folders.
  const inScope = (folder: string) => {
    for (let dir = folder; isInside(root, dir); dir = dirname(dir)) if (given.has(dir)) return true;
    return false;
  };
  const scopes = [...given].filter((scope) => !inScope(dirname(scope)));
  if (scopes.length === 0) return { changes: [], warnings: [] };

  return ctx.withLock(async () => {
    const folders = (await Promise.all(scopes.map((scope) => modelFoldersAt(root, scope)))).flat().sort();
    const disk = await readEntries(root, folders);
    const indexed = listAllModels(ctx.index).filter((doc) => inScope(resolve(root, doc.path)));
    const indexedPath = new Map(indexed.map((doc) => [doc.id, doc.path]));
    // A folder sitting where the index has its id wins over a copy of it elsewhere.
    const rank = (e: DiskEntry) => ("doc" in e && indexedPath.get(e.doc.id) === e.doc.path ? 0 : 1);
    disk.sort((a, b) => rank(a) - rank(b));

    const changes: RefreshChange[] = [];
    const warnings: string[] = [];
    const upserts: IndexedModel[] = [];
    const claimed = new Map<string, string>();
    for (const entry of disk) {
      if (!("doc" in entry)) {
        warnings.push(`skipped: ${entry.warning}`);
        continue;
      }
      const { doc, folder } = entry;
      const taken = claimed.get(doc.id);
      if (taken !== undefined) {
        warnings.push(`skipped: ${doc.path}: id ${doc.id} is already used by ${taken}`);
        continue;
      }
      const current = ctx.index.get(doc.id);
      if (current && current.path !== doc.path) {
        const from = resolve(root, current.path);
        // Outside the refreshed subtrees the old folder was not read: it may still hold the model.
        if (!inScope(from) && (await holdsModel(from, doc.id))) {
          warnings.push(`skipped: ${doc.path}: id ${doc.id} is already used by ${current.path}`);
          continue;
        }
        changes.push({ kind: "moved", id: doc.id, folder, from });
        upserts.push(doc);
      } else if (!current) {
        changes.push({ kind: "added", id: doc.id, folder });
        upserts.push(doc);
      } else if (!sameDocument(current, doc)) {
        changes.push({ kind: "updated", id: doc.id, folder });
        upserts.push(doc);
      }
      claimed.set(doc.id, doc.path);
    }
    ctx.index.upsertMany(upserts);
    for (const doc of indexed) {
      if (claimed.has(doc.id)) continue;
      ctx.index.remove(doc.id);
      changes.push({ kind: "removed", id: doc.id, folder: resolve(root, doc.path) });
    }
    return { changes, warnings };
  });
}

function checkScope(root: string, path: string): string {
  if (!isInside(root, path) || isInside(join(root, STATE_DIR), path)) {
    throw new LibraryError("UNSAFE_PATH", `${path} is not a folder of the library ${root}`, { path });
  }
  return path;
}

/** The model folders at and under `scope`; none when it is gone or is a file. */
async function modelFoldersAt(root: string, scope: string): Promise<string[]> {
  const info = await stat(scope).catch(() => null);
  if (!info?.isDirectory()) return [];
  const isModel = scope !== root && (await stat(join(scope, METADATA_FILE)).catch(() => null))?.isFile();
  return isModel ? [scope] : (await scanModelFolders(scope)).map((f) => f.path);
}

/** Reads the folders, CONCURRENCY at a time (a refresh of a big subtree reads thousands). */
async function readEntries(root: string, folders: string[]): Promise<DiskEntry[]> {
  const entries: Array<DiskEntry | null> = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < folders.length; i = next++)
      entries[i] = await readEntry(root, folders[i] as string);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, folders.length) }, worker));
  return entries.filter((entry): entry is DiskEntry => entry != null);
}

async function readEntry(root: string, folder: string): Promise<DiskEntry | null> {
  try {
    const record = toModelRecord(await readMetadata(folder), await readOverrides(folder), folder);
    return { folder, doc: toIndexedModel(record, root) };
  } catch (error) {
    if (!(error instanceof LibraryError)) throw error;
    // A folder removed while we read it is simply gone.
    return error.code === "NOT_FOUND" ? null : { folder, warning: error.message };
  }
}

async function holdsModel(folder: string, id: string): Promise<boolean> {
  return readMetadata(folder).then(
    (metadata) => metadata.id === id,
    () => false,
  );
}

/** Field by field, an absent field equal to null (the index gives every field back, null when unset). */
function sameDocument(a: IndexedModel, b: IndexedModel): boolean {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) {
    if (JSON.stringify(x[key] ?? null) !== JSON.stringify(y[key] ?? null)) return false;
  }
  return true;
}
