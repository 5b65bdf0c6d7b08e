import { compareStrings } from "./compare-strings.js";
import { formatList } from "./format-list.js";
import { indexBaseName } from "./index-base-name.js";
import { joinPath } from "./join-path.js";
import { MISSING_LIST_LIMIT } from "./limits.js";
import { matchShardName, type ShardNameMatch } from "./match-shard-name.js";
import { parseWeightMap, type WeightMap } from "./parse-weight-map.js";
import { shardGroupKey } from "./shard-group-key.js";
import type { ShardSet, ShardSetKind } from "./shard-set.js";
import { ShardingError } from "./sharding-error.js";
import { splitPath } from "./split-path.js";

export interface ShardSetSpec {
  /**
   * Files present, as paths. Without `indexFile` they must all be shards of one set. With it they
   * may be a whole folder listing: only the files the index names (or, when its map is unreadable
   * or not given, the files named like its shards) are taken.
   */
  files: readonly string[];
  /** Path of the set's `*.index.json`. */
  indexFile?: string;
  /** Parsed JSON of `indexFile`; leave it out when the file was not read. */
  weightMap?: unknown;
}

interface Head {
  folder: string;
  baseName: string;
  kind: ShardSetKind;
  indexFile?: string;
  totalSize?: number;
  problems: string[];
  notes: string[];
}

interface Entry {
  file: string;
  index: number;
}

interface NameMember {
  file: string;
  folder: string;
  match: ShardNameMatch;
}

/**
 * Checks one shard set: which indices are present and missing, and what is wrong (duplicate
 * indices, disagreeing totals, indices out of range, files an index names but that are absent).
 * Throws `ShardingError` (`BAD_INPUT`, `NOT_ONE_SET`) only for arguments that are not one set;
 * a bad weight map is reported in `problems`.
 */
export function validateShardSet(spec: ShardSetSpec): ShardSet {
  if (
    typeof spec !== "object" ||
    spec === null ||
    !Array.isArray(spec.files) ||
    !spec.files.every((f) => typeof f === "string") ||
    (spec.indexFile !== undefined && typeof spec.indexFile !== "string")
  ) {
    throw new ShardingError(
      "BAD_INPUT",
      "validateShardSet: expected { files: string[], indexFile?: string }",
    );
  }
  const files = [...new Set(spec.files)];
  if (spec.indexFile !== undefined) return validateIndexed(files, spec.indexFile, spec.weightMap);
  return validateByNames(files);
}

function validateByNames(files: string[]): ShardSet {
  const members = files.map((file): NameMember => {
    const { folder, name } = splitPath(file);
    const match = matchShardName(name);
    if (!match) throw new ShardingError("NOT_ONE_SET", `${file}: not a shard file name`);
    return { file, folder, match };
  });
  const first = members[0];
  if (!first) throw new ShardingError("BAD_INPUT", "validateShardSet: no files given");
  const key = shardGroupKey(first.folder, first.match.scheme, first.match.unshardedName);
  for (const m of members) {
    if (shardGroupKey(m.folder, m.match.scheme, m.match.unshardedName) !== key) {
      throw new ShardingError("NOT_ONE_SET", `${m.file}: not a shard of the same set as ${first.file}`);
    }
  }
  const head: Head = {
    folder: first.folder,
    baseName: first.match.unshardedName,
    kind: first.match.kind,
    problems: [],
    notes: [],
  };
  return assessByNames(head, members);
}

function validateIndexed(files: string[], indexFile: string, json: unknown): ShardSet {
  const { folder, name: indexName } = splitPath(indexFile);
  const head: Head = {
    folder,
    baseName: indexBaseName(indexName) ?? indexName.replace(/\.json$/i, ""),
    kind: "index",
    indexFile,
    problems: [],
    notes: [],
  };
  if (json === undefined) {
    head.notes.push(`${indexName} was not read: checked by file names only`);
    return assessByNames(head, lookalikes(files, head, null));
  }
  let map: WeightMap;
  try {
    map = parseWeightMap(json, indexName);
  } catch (error) {
    if (!(error instanceof ShardingError)) throw error;
    head.problems.push(error.message);
    return assessByNames(head, lookalikes(files, head, null));
  }
  if (map.totalSize !== null) head.totalSize = map.totalSize;
  return assessWeightMap(head, indexName, files, map);
}

/** Files in the set's folder named like its shards but not in `named` (null: take all such). */
function lookalikes(files: string[], head: Head, named: Named | null): NameMember[] {
  const baseKey = head.baseName.toLowerCase();
  const out: NameMember[] = [];
  for (const file of files) {
    const { folder, name, path } = splitPath(file);
    if (folder !== head.folder || named?.paths.has(path)) continue;
    const match = matchShardName(name);
    if (match?.scheme !== "of") continue;
    const key = match.unshardedName.toLowerCase();
    if (key === baseKey || key === named?.shardKey) out.push({ file, folder, match });
  }
  return out;
}

interface Named {
  /** Normalized paths of the files the map names. */
  paths: Set<string>;
  /** Lower-cased whole-file name shared by the named files, when they are all `-of-` shards. */
  shardKey: string | undefined;
}

function assessByNames(head: Head, members: NameMember[]): ShardSet {
  const totals = new Map<number, number>();
  for (const m of members)
    if (m.match.total !== null) totals.set(m.match.total, (totals.get(m.match.total) ?? 0) + 1);
  const total = majorityTotal(totals);
  if (totals.size > 1) head.problems.push(`file names disagree on the total: ${describeTotals(totals)}`);
  if (total === 0) head.problems.push("file names give a total of 0");
  if (members.length === 0) head.problems.push("no shard files found");
  noteCaseDifferences(head, members);

  // Without a stated total, `.part0` means the author counted from 0.
  const start = total === null && members.some((m) => m.match.index === 0) ? 0 : 1;
  const entries = members.map((m) => ({ file: m.file, index: m.match.index }));
  const maxIndex = entries.reduce((max, e) => Math.max(max, e.index), start - 1);
  const end = total === null ? maxIndex : total;
  if (total === null && head.kind === "part" && members.length > 0) {
    head.notes.push(`the names do not give a total: parts after ${end} cannot be checked`);
  }
  const template = (members.find((m) => m.match.total === total) ?? members[0])?.match;
  const present = presentIndices(head, entries, total);
  const missing = missingInRange(present, start, end);
  return finish(head, total, entries, present, {
    missing: missing.list,
    missingCount: missing.count,
    missingFiles: template ? missing.list.map((i) => joinPath(head.folder, template.render(i))) : [],
  });
}

function assessWeightMap(head: Head, indexName: string, files: string[], map: WeightMap): ShardSet {
  const named = map.files.map((rel) => ({
    rel,
    path: joinPath(head.folder, rel),
    match: matchShardName(splitPath(rel).name),
  }));
  const firstKey = named[0]?.match?.unshardedName.toLowerCase();
  const numbered = named.every(
    (n) => n.match?.scheme === "of" && n.match.unshardedName.toLowerCase() === firstKey,
  );

  let total: number;
  let indexed: { path: string; index: number }[];
  if (numbered) {
    const totals = new Map<number, number>();
    for (const n of named)
      if (n.match?.total != null) totals.set(n.match.total, (totals.get(n.match.total) ?? 0) + 1);
    total = majorityTotal(totals) ?? named.length;
    if (totals.size > 1)
      head.problems.push(`names in ${indexName} disagree on the total: ${describeTotals(totals)}`);
    if (named.length !== total) {
      head.problems.push(`${indexName} names ${plural(named.length, "file")} but their names count ${total}`);
    }
    indexed = named.map((n) => ({ path: n.path, index: n.match?.index ?? 0 }));
  } else {
    // Names without shard numbers: number them in name order so reports stay stable.
    total = named.length;
    indexed = [...named]
      .sort((a, b) => compareStrings(a.rel, b.rel))
      .map((n, i) => ({ path: n.path, index: i + 1 }));
  }
  indexed.sort((a, b) => a.index - b.index || compareStrings(a.path, b.path));

  const byPath = new Map<string, string[]>();
  for (const file of files) {
    const { path } = splitPath(file);
    const list = byPath.get(path);
    if (list) list.push(file);
    else byPath.set(path, [file]);
  }
  const entries: Entry[] = [];
  const missingList: number[] = [];
  const missingFiles: string[] = [];
  let missingCount = 0;
  for (const { path, index } of indexed) {
    const found = byPath.get(path);
    if (found) {
      for (const file of found) entries.push({ file, index });
    } else {
      missingCount += 1;
      if (missingList.length < MISSING_LIST_LIMIT) {
        missingList.push(index);
        missingFiles.push(path);
      }
    }
  }
  for (let i = 0; i < indexed.length; ) {
    let j = i;
    while (j < indexed.length && indexed[j]?.index === indexed[i]?.index) j += 1;
    if (j - i > 1) {
      const names = indexed.slice(i, j).map((n) => baseOf(n.path));
      head.problems.push(
        `${indexName} names ${names.length} files for shard ${indexed[i]?.index}: ${formatList(names)}`,
      );
    }
    i = j;
  }

  const extra = lookalikes(files, head, {
    paths: new Set(named.map((n) => n.path)),
    shardKey: numbered ? firstKey : undefined,
  });
  if (extra.length > 0) {
    head.notes.push(`${indexName} does not name ${formatList(extra.map((m) => baseOf(m.file)))}`);
  }
  const present = presentIndices(head, entries, total);
  return finish(head, total, entries, present, { missing: missingList, missingCount, missingFiles });
}

/** Sorts entries, reports duplicates and out-of-range indices, returns distinct indices present. */
function presentIndices(head: Head, entries: Entry[], total: number | null): number[] {
  entries.sort((a, b) => a.index - b.index || compareStrings(a.file, b.file));
  const present: number[] = [];
  for (let i = 0; i < entries.length; ) {
    const index = entries[i]?.index ?? 0;
    let j = i;
    while (j < entries.length && entries[j]?.index === index) j += 1;
    const same = entries.slice(i, j).map((e) => baseOf(e.file));
    present.push(index);
    if (same.length > 1)
      head.problems.push(`shard ${index} is given by ${same.length} files: ${formatList(same)}`);
    if (total !== null && total > 0 && (index < 1 || index > total)) {
      head.problems.push(`${same[0]}: shard ${index} is outside 1..${total}`);
    }
    i = j;
  }
  return present;
}

/** Missing indices of start..end without walking the range: hostile totals cost nothing. */
function missingInRange(present: number[], start: number, end: number): { list: number[]; count: number } {
  const list: number[] = [];
  let count = 0;
  const gap = (from: number, to: number) => {
    if (to < from) return;
    count += to - from + 1;
    for (let i = from; i <= to && list.length < MISSING_LIST_LIMIT; i += 1) list.push(i);
  };
  let next = start;
  for (const index of present) {
    if (index < start || index > end) continue;
    gap(next, index - 1);
    next = index + 1;
  }
  gap(next, end);
  return { list, count };
}

function finish(
  head: Head,
  total: number | null,
  entries: Entry[],
  present: number[],
  missing: Pick<ShardSet, "missing" | "missingCount" | "missingFiles">,
): ShardSet {
  const set: ShardSet = {
    folder: head.folder,
    baseName: head.baseName,
    kind: head.kind,
    total,
    files: entries.map((e) => e.file),
    present,
    ...missing,
    complete: head.problems.length === 0 && missing.missingCount === 0 && entries.length > 0,
    problems: head.problems,
    notes: head.notes,
  };
  if (head.indexFile !== undefined) set.indexFile = head.indexFile;
  if (head.totalSize !== undefined) set.totalSize = head.totalSize;
  return set;
}

/** The total most names state; a tie goes to the larger total, so fewer shards are assumed present. */
function majorityTotal(totals: Map<number, number>): number | null {
  let best: number | null = null;
  let bestCount = 0;
  for (const [total, count] of totals) {
    if (count > bestCount || (count === bestCount && best !== null && total > best)) {
      best = total;
      bestCount = count;
    }
  }
  return best;
}

function describeTotals(totals: Map<number, number>): string {
  return [...totals]
    .sort((a, b) => b[1] - a[1] || b[0] - a[0])
    .map(([total, count]) => `${total} (${plural(count, "file")})`)
    .join(", ");
}

function noteCaseDifferences(head: Head, members: NameMember[]): void {
  const spellings = [...new Set(members.map((m) => m.match.unshardedName))];
  if (spellings.length > 1) {
    head.notes.push(
      `names differ in letter case (${formatList(spellings)}): case-sensitive systems see different names`,
    );
  }
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function baseOf(path: string): string {
  return splitPath(path).name;
}
