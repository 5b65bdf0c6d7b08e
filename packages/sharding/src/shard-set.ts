/**
 * `numbered`: files named `-00001-of-00005`; `index`: a `*.index.json` weight map and the files it
 * names; `part`: a file split by bytes (`.part1of3`, `.partaa`, `.001`, `-split-a`).
 */
export type ShardSetKind = "numbered" | "index" | "part";

export interface ShardSet {
  /** Folder of the set, `/`-separated (Windows paths too); "" when the files had no folder. */
  folder: string;
  /** Name of the whole model file: `model.safetensors`, `Qwen2.5-7B-Instruct-Q4_K_M.gguf`. */
  baseName: string;
  kind: ShardSetKind;
  /** How many files the set should have; null when the names do not say (`.part1`, `.partaa`). */
  total: number | null;
  /** Files present, as given, ordered by index. */
  files: string[];
  /** Distinct indices present, ascending (out-of-range ones included; `problems` names them). */
  present: number[];
  /** The lowest missing indices, at most 1000; `missingCount` is the true count. */
  missing: number[];
  missingCount: number;
  /** Paths of the files in `missing` where the name can be derived, in the same order. */
  missingFiles: string[];
  /** Every expected file is present and there are no problems. */
  complete: boolean;
  /** The `*.index.json` of the set, as given. */
  indexFile?: string;
  /** `metadata.total_size` from the weight map. */
  totalSize?: number;
  /** What makes the set unusable or suspicious: duplicates, disagreeing totals, a bad index ... */
  problems: string[];
  /** Worth telling, not wrong: files the index does not name, a total that cannot be checked ... */
  notes: string[];
}
