export { DEFAULT_RETRY, type RetryPolicy } from "./backoff-delay.js";
export { compareQuantizations } from "./compare-quantizations.js";
export { type CreateHubFetchOptions, createHubFetch, type HubFetch } from "./create-hub-fetch.js";
export {
  type DownloadEntry,
  DownloadQueue,
  type DownloadQueueEvent,
  type DownloadQueueOptions,
  type DownloadState,
} from "./download-queue.js";
export { HfError, type HfErrorCode, IntegrityError, OfflineError } from "./hf-error.js";
export { type HfCachedFile, type HfCacheListing, listHfCacheModels } from "./list-hf-cache-models.js";
export {
  type LookupCandidate,
  type LookupSourceInput,
  type LookupSourceOptions,
  type LookupSourceResult,
  lookupSource,
} from "./lookup-source.js";
export { type PullSpec, parsePullSpec } from "./parse-pull-spec.js";
export { type PullOptions, pull } from "./pull.js";
export { type RepoDetailsOptions, repoDetails } from "./repo-details.js";
export { type HfConfig, resolveHfConfig } from "./resolve-hf-config.js";
export {
  type ModelSearchItem,
  type SearchModelsOptions,
  type SearchModelsParams,
  type SearchModelsResult,
  type SearchSort,
  searchModels,
} from "./search-models.js";
export type { PulledFile, PullResult, RepoDetails, RepoFile, RepoVariant } from "./types.js";
export {
  type HfCacheEntry,
  type HfCacheFileInput,
  type WriteToHfCacheOptions,
  writeToHfCache,
} from "./write-to-hf-cache.js";
