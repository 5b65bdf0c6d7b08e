// One folder's files grouped into shard sets by @ml/sharding, with the `*.index.json` weight maps
// read (bounded) so sets named only by an index are found and absent tensors are known.
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { type DetectedShards, detectShardSets, type ShardSet } from "@ml/sharding";

/** Largest index.json read; DeepSeek-V3's, with ~90 000 tensors, is about 9 MiB. */
const MAX_INDEX_BYTES = 64 * 1024 * 1024;

export interface FolderListing {
  dir: string;
  /** Names of the regular files in the folder (not recursive). */
  files: string[];
  /** Names of the subfolders. */
  folders: string[];
  /** Shard sets and standalone files, as full paths. */
  shards: DetectedShards;
  /** Parsed `*.index.json` files by full path (unreadable or oversized ones are absent). */
  indexes: Map<string, unknown>;
}

export async function listFolder(dir: string): Promise<FolderListing> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  const folders: string[] = [];
  for (const e of entries) {
    if (e.isFile()) files.push(e.name);
    else if (e.isDirectory()) folders.push(e.name);
    else if (e.isSymbolicLink()) {
      // HF cache snapshots are symlinks to blobs: follow them.
      const s = await stat(join(dir, e.name)).catch(() => null);
      if (s?.isFile()) files.push(e.name);
      else if (s?.isDirectory()) folders.push(e.name);
    }
  }
  files.sort();
  folders.sort();
  const indexes = new Map<string, unknown>();
  for (const name of files.filter((f) => f.endsWith(".index.json"))) {
    const path = join(dir, name);
    const json = await readJsonFile(path, MAX_INDEX_BYTES);
    if (json !== undefined) indexes.set(path, json);
  }
  const shards = detectShardSets(
    files.map((f) => join(dir, f)),
    { indexFiles: Object.fromEntries(indexes) },
  );
  return { dir, files, folders, shards, indexes };
}

/** The set that holds `path`, if any. */
export function setOf(listing: FolderListing, path: string): ShardSet | undefined {
  return listing.shards.sets.find(
    (s) => s.files.includes(path) || s.missingFiles.includes(path) || s.indexFile === path,
  );
}

/** Parsed JSON of a small file; undefined when missing, too large or not JSON. */
export async function readJsonFile(path: string, maxBytes = 16 * 1024 * 1024): Promise<unknown> {
  try {
    const s = await stat(path);
    if (!s.isFile() || s.size > maxBytes) return undefined;
    return JSON.parse(await readFile(path, "utf8"));
  } catch {
    return undefined;
  }
}
