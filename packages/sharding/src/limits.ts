/** Longest file name considered; real file systems stop at 255 bytes, so longer is not a shard. */
export const MAX_NAME_LENGTH = 1024;
/** Most missing indices (and names) listed on a set; `missingCount` always has the true count. */
export const MISSING_LIST_LIMIT = 1000;
/** Tensor entries a weight map may have: the largest MoE checkpoints have a few hundred thousand. */
export const MAX_WEIGHT_MAP_ENTRIES = 5_000_000;
/** Distinct files a weight map may name: real ones name at most a few hundred. */
export const MAX_WEIGHT_MAP_FILES = 100_000;
