import { formatList } from "./format-list.js";
import { joinPath } from "./join-path.js";
import { MISSING_LIST_LIMIT } from "./limits.js";
import { matchShardName } from "./match-shard-name.js";
import type { ShardSet } from "./shard-set.js";
import { splitPath } from "./split-path.js";

/**
 * One line for people: `models/x/model.safetensors: have 3/5, missing 2 and 4`, `...: have 5/5,
 * complete`, `...: have 3 parts, total unknown, no gaps`, then `; problem; problem` if there are any.
 */
export function describeShardSet(set: ShardSet): string {
  const where = joinPath(set.folder, set.baseName);
  const total = set.total;
  let line: string;
  if (total === null) {
    const n = set.present.length;
    line = `${where}: have ${n} part${n === 1 ? "" : "s"}, total unknown`;
  } else {
    line = `${where}: have ${set.present.filter((i) => i >= 1 && i <= total).length}/${total}`;
  }
  if (set.missingCount > MISSING_LIST_LIMIT) {
    line += `, missing ${set.missingCount} files`;
  } else if (set.missingCount > 0) {
    line += `, missing ${formatList(missingLabels(set), set.missingCount)}`;
  } else if (set.complete) {
    // Without a total, "complete" can only mean no gaps up to the last part seen.
    line += total === null ? ", no gaps" : ", complete";
  }
  if (set.problems.length > 0) line += `; ${set.problems.join("; ")}`;
  return line;
}

/** Shard numbers, except for an index whose file names carry none: then the names. */
function missingLabels(set: ShardSet): (string | number)[] {
  const names = set.missingFiles.map((f) => splitPath(f).name);
  const positional = set.kind === "index" && names.some((n) => matchShardName(n)?.scheme !== "of");
  return positional ? names : set.missing;
}
