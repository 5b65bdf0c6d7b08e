export { describeShardSet } from "./describe-shard-set.js";
export { type DetectedShards, type DetectShardSetsOptions, detectShardSets } from "./detect-shard-sets.js";
export { type ParsedShardName, parseShardName } from "./parse-shard-name.js";
export { parseWeightMap, type WeightMap } from "./parse-weight-map.js";
export type { ShardSet, ShardSetKind } from "./shard-set.js";
export { ShardingError, type ShardingErrorCode } from "./sharding-error.js";
export { type ShardSetSpec, validateShardSet } from "./validate-shard-set.js";
