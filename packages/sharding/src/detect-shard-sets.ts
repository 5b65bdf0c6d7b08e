import { compareStrings } from "./compare-strings.js";
import { indexBaseName } from "./index-base-name.js";
import { matchShardName, type ShardNameMatch } from "./match-shard-name.js";
import { shardGroupKey } from "./shard-group-key.js";
import type { ShardSet } from "./shard-set.js";
import { ShardingError } from "./sharding-error.js";
import { type SplitPath, splitPath } from "./split-path.js";
import { validateShardSet } from "./validate-shard-set.js";

export interface DetectShardSetsOptions {
  /**
   * Parsed JSON of `*.index.json` files, keyed by path as written in `files` (or the same path with
   * other separators). An index given here but not in `files` counts as listed. An index listed
   * without its JSON is matched to its shards by name.
   */
  indexFiles?: Record<string, unknown>;
}

export interface DetectedShards {
  /** Sets sorted by folder, then base name. */
  sets: ShardSet[];
  /** Every other file, in input order. */
  standalone: string[];
}

interface Listed extends SplitPath {
  file: string;
}

/**
 * Groups a file listing into shard sets, per folder. Each file lands once: in one set's `files`,
 * as one set's `indexFile`, or in `standalone`. A single file is standalone unless its name says the
 * set has more (`-00001-of-00003` alone is an incomplete set; `-00001-of-00001` alone is standalone).
 */
export function detectShardSets(files: readonly string[], opts: DetectShardSetsOptions = {}): DetectedShards {
  if (!Array.isArray(files) || !files.every((f) => typeof f === "string")) {
    throw new ShardingError("BAD_INPUT", "detectShardSets: files must be an array of strings");
  }
  const indexJson = opts?.indexFiles ?? {};
  if (typeof indexJson !== "object" || indexJson === null || Array.isArray(indexJson)) {
    throw new ShardingError("BAD_INPUT", "detectShardSets: indexFiles must be an object keyed by path");
  }

  const all = [...new Set(files)];
  const listedPaths = new Set(all.map((f) => splitPath(f).path));
  const contents = new Map<string, unknown>();
  for (const [file, json] of Object.entries(indexJson)) {
    const { path } = splitPath(file);
    contents.set(path, json);
    if (!listedPaths.has(path)) {
      listedPaths.add(path);
      all.push(file);
    }
  }

  const indexes: Listed[] = [];
  const byFolder = new Map<string, Listed[]>();
  for (const file of all) {
    const listed = { file, ...splitPath(file) };
    if (contents.has(listed.path) || indexBaseName(listed.name) !== null) {
      indexes.push(listed);
    } else {
      const list = byFolder.get(listed.folder);
      if (list) list.push(listed);
      else byFolder.set(listed.folder, [listed]);
    }
  }
  indexes.sort((a, b) => compareStrings(a.path, b.path));

  const used = new Set<string>();
  const sets: ShardSet[] = [];
  const take = (set: ShardSet) => {
    sets.push(set);
    if (set.indexFile !== undefined) used.add(set.indexFile);
    for (const f of set.files) used.add(f);
  };

  // Weight maps first: they say which files belong, including ones in sub-folders.
  const unread = new Map<string, Listed>();
  const seenIndexes = new Set<string>();
  for (const index of indexes) {
    // One index listed twice (`a/x.json`, `a\x.json`) is read once; the other spelling stays standalone.
    if (seenIndexes.has(index.path)) continue;
    seenIndexes.add(index.path);
    const json = contents.get(index.path);
    if (json === undefined) {
      const key = shardGroupKey(
        index.folder,
        "of",
        indexBaseName(index.name) ?? index.name.replace(/\.json$/i, ""),
      );
      if (!unread.has(key)) unread.set(key, index);
      continue;
    }
    const candidates = filesUnder(byFolder, index.folder).filter((f) => !used.has(f));
    take(validateShardSet({ files: candidates, indexFile: index.file, weightMap: json }));
  }

  const groups = new Map<string, { file: string; match: ShardNameMatch }[]>();
  for (const list of byFolder.values()) {
    for (const { file, folder, name } of list) {
      if (used.has(file)) continue;
      const match = matchShardName(name);
      if (!match) continue;
      const key = shardGroupKey(folder, match.scheme, match.unshardedName);
      const group = groups.get(key);
      if (group) group.push({ file, match });
      else groups.set(key, [{ file, match }]);
    }
  }
  for (const [key, members] of groups) {
    const index = unread.get(key);
    const only = members.length === 1 ? members[0] : undefined;
    const files = members.map((m) => m.file);
    if (index) take(validateShardSet({ files, indexFile: index.file }));
    else if (!only || (only.match.total ?? 0) > 1) take(validateShardSet({ files }));
  }

  sets.sort(
    (a, b) =>
      compareStrings(a.folder, b.folder) ||
      compareStrings(a.baseName, b.baseName) ||
      compareStrings(a.kind, b.kind),
  );
  return { sets, standalone: all.filter((f) => !used.has(f)) };
}

/** Files in `folder` and below it, as given. */
function filesUnder(byFolder: Map<string, Listed[]>, folder: string): string[] {
  const prefix = folder === "" || folder.endsWith("/") ? folder : `${folder}/`;
  const out: string[] = [];
  for (const [f, list] of byFolder) {
    if (f === folder || f.startsWith(prefix)) for (const l of list) out.push(l.file);
  }
  return out;
}
