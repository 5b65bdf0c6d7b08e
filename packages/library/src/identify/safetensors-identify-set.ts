// A shard set of safetensors files identified as one model: every present shard's header is read
// (headers only), the parameter count covers the present shards, and tensors of absent shards
// are still matched by name from the index weight map.
import { basename, dirname, join } from "node:path";
import { describeShardSet, type ShardSet } from "@ml/sharding";
import { withFileSource } from "./byte-source.js";
import { IdentifyError } from "./identify-error.js";
import type { SafetensorsHeader } from "./safetensors-header.js";
import { identifySafetensorsHeaders } from "./safetensors-identify-headers.js";
import { readSafetensorsHeader } from "./safetensors-read-header.js";
import type { Identification, ShardInfo } from "./types.js";

export async function identifySafetensorsSet(set: ShardSet, indexJson: unknown): Promise<Identification> {
  const headers: SafetensorsHeader[] = [];
  for (const file of set.files) {
    try {
      headers.push(await withFileSource(file, readSafetensorsHeader));
    } catch (error) {
      throw error instanceof IdentifyError ? error.withPath(file) : error;
    }
  }
  const id = identifySafetensorsHeaders(headers, {
    name: set.baseName,
    absentTensorNames: absentTensors(set, indexJson),
  });
  id.shards = shardInfo(set);
  id.evidence.push({
    source: "shards",
    detail: describeShardSet(set),
    strength: set.complete ? "strong" : "medium",
  });
  if (!set.complete && id.parameterCount !== null) {
    id.evidence.push({
      source: "shards",
      detail: `parameter count covers the ${set.files.length} present file(s) only`,
      strength: "medium",
    });
  }
  id.fields.shardSet = { kind: set.kind, baseName: set.baseName, problems: set.problems, notes: set.notes };
  return id;
}

export function shardInfo(set: ShardSet): ShardInfo {
  return {
    files: set.files,
    total: set.total ?? set.present.length,
    complete: set.complete,
    missing: set.missing,
  };
}

/** Names the index maps to files that are not present. */
function absentTensors(set: ShardSet, indexJson: unknown): string[] {
  if (!set.indexFile || typeof indexJson !== "object" || indexJson === null) return [];
  const map = (indexJson as { weight_map?: unknown }).weight_map;
  if (typeof map !== "object" || map === null) return [];
  const folder = dirname(set.indexFile);
  const present = new Set(set.files.map((f) => basename(f)));
  const names: string[] = [];
  for (const [tensor, file] of Object.entries(map as Record<string, unknown>)) {
    if (typeof file === "string" && !present.has(basename(join(folder, file)))) names.push(tensor);
  }
  return names;
}
