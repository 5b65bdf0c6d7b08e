import type { ShardScheme } from "./match-shard-name.js";

/**
 * Files with the same key are shards of one set: same folder, same numbering scheme, same whole-file
 * name. Case is ignored so a renamed `Model-00002-of-00002.gguf` still joins its set (with a note).
 */
export function shardGroupKey(folder: string, scheme: ShardScheme, unshardedName: string): string {
  return `${folder}\0${scheme}\0${unshardedName.toLowerCase()}`;
}
