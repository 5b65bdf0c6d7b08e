import { MAX_NAME_LENGTH, MAX_WEIGHT_MAP_ENTRIES, MAX_WEIGHT_MAP_FILES } from "./limits.js";
import { ShardingError } from "./sharding-error.js";

export interface WeightMap {
  /** Distinct files the map names, `/`-separated and relative to the index's folder, in first-seen order. */
  files: string[];
  /** `metadata.total_size` when it is a finite non-negative number, else null. */
  totalSize: number | null;
  /** Number of tensor entries in `weight_map`. */
  tensorCount: number;
}

/**
 * Reads an already parsed `*.index.json` (`{metadata:{total_size}, weight_map:{tensor: file}}`).
 * Throws `ShardingError` `BAD_INDEX`, naming `indexPath`, when it is not a usable weight map.
 */
export function parseWeightMap(json: unknown, indexPath = "index.json"): WeightMap {
  const fail = (problem: string): never => {
    throw new ShardingError("BAD_INDEX", `${indexPath}: ${problem}`);
  };
  if (!isPlainObject(json)) return fail("not a JSON object");
  const weightMap = json.weight_map;
  if (!isPlainObject(weightMap)) return fail("weight_map is missing or not an object");

  const files: string[] = [];
  const seen = new Set<string>();
  let tensorCount = 0;
  // for...in stops at the cap without first copying every key of a huge map.
  for (const tensor in weightMap) {
    if (!Object.hasOwn(weightMap, tensor)) continue;
    tensorCount += 1;
    if (tensorCount > MAX_WEIGHT_MAP_ENTRIES)
      fail(`weight_map has more than ${MAX_WEIGHT_MAP_ENTRIES} entries`);
    const file = weightMap[tensor];
    const relative = typeof file === "string" ? normalizeRelative(file) : null;
    if (relative === null)
      fail(`weight_map entry ${JSON.stringify(tensor.slice(0, 200))} is not a relative file name`);
    if (relative !== null && !seen.has(relative)) {
      if (seen.size >= MAX_WEIGHT_MAP_FILES) fail(`weight_map names more than ${MAX_WEIGHT_MAP_FILES} files`);
      seen.add(relative);
      files.push(relative);
    }
  }
  if (tensorCount === 0) fail("weight_map is empty");

  const metadata = json.metadata;
  const size = isPlainObject(metadata) ? metadata.total_size : undefined;
  const totalSize = typeof size === "number" && Number.isFinite(size) && size >= 0 ? size : null;
  return { files, totalSize, tensorCount };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `/`-separated path inside the index's folder, or null for absolute, escaping or empty names. */
function normalizeRelative(file: string): string | null {
  if (file.length === 0 || file.length > MAX_NAME_LENGTH || file.includes("\0")) return null;
  const path = file.replaceAll("\\", "/");
  if (path.startsWith("/") || /^[a-z]:/i.test(path)) return null;
  const segments = path.split("/").filter((s) => s !== "" && s !== ".");
  if (segments.length === 0 || segments.includes("..")) return null;
  return segments.join("/");
}
