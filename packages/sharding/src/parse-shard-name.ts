import { matchShardName } from "./match-shard-name.js";
import { splitPath } from "./split-path.js";

export interface ParsedShardName {
  /** The unsharded name without its extension: `model` for `model-00001-of-00004.safetensors`. */
  base: string;
  /** Extension(s) after the shard number, no leading dot: `safetensors`, `fp16.safetensors`, `gguf`. */
  ext: string;
  /** The shard number as written; `.partaa` is 1, `.partab` 2. */
  index: number;
  /** The total the name states (`-of-00004` → 4), or null when it states none (`.part2`). */
  total: number | null;
  /** `numbered` for `-00001-of-00004`, `part` for `.partN`, `.partNofM`, `.partaa`, `.001`, `-split-a`. */
  kind: "numbered" | "part";
  /** The name of the whole file: `model.safetensors`, `model.gguf`. Use it to strip the shard suffix. */
  unshardedName: string;
}

/**
 * Reads the shard number from a file name (a path is fine: only its last segment is read).
 * Returns null for names that are not shard names.
 */
export function parseShardName(fileName: string): ParsedShardName | null {
  if (typeof fileName !== "string") return null;
  const m = matchShardName(splitPath(fileName).name);
  if (!m) return null;
  return {
    base: m.base,
    ext: m.ext,
    index: m.index,
    total: m.total,
    kind: m.kind,
    unshardedName: m.unshardedName,
  };
}
