export type { HashQuery } from "./create-hash-finder.js";
export type { SearchResult } from "./create-model-searcher.js";
export type { IndexStats, StatsBucket } from "./create-stats-reader.js";
export { IndexError, type IndexErrorCode } from "./index-error.js";
export type { IndexedModel, ModelSource } from "./indexed-model.js";
export {
  type IntegrityReport,
  type ModelIndex,
  type OpenModelIndexOptions,
  openModelIndex,
} from "./open-model-index.js";
export {
  DEFAULT_LIMIT,
  MAX_FILTER_VALUES,
  MAX_LIMIT,
  type SearchQuery,
  type SearchSort,
  type SortOrder,
} from "./parse-search-query.js";
export { MAX_QUERY_TERMS } from "./to-fts-phrases.js";
