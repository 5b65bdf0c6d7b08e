export { resolveLibraryRoot } from "./layout/resolve-library-root.js";
export type {
  Evidence,
  EvidenceStrength,
  Identification,
  ModelFormat,
  ModelType,
  ShardInfo,
} from "./identify/types.js";
