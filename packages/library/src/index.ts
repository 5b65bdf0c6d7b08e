export {
  createHubFetch,
  type DownloadEntry,
  type DownloadQueue,
  listHfCacheModels,
  lookupSource,
  parsePullSpec,
  repoDetails,
  resolveHfConfig,
  searchModels,
} from "@ml/hf";
export type { IndexedModel, IndexStats, SearchQuery, SearchResult } from "@ml/index-fts";
export {
  type ApplyResult,
  type DetectedApp,
  detectApps,
  formatPlan,
  type LinkHealth,
  listProfiles,
  type Plan,
  type RepairResult,
  type Strategy,
} from "@ml/mapper";
export { type ByteSource, bufferSource, withFileSource } from "./identify/byte-source.js";
export { identifyFolder } from "./identify/folder-identify.js";
export { identifyGguf } from "./identify/gguf.js";
export { ggufFileTypeToQuant } from "./identify/gguf-file-type-to-quant.js";
export { sniffGguf } from "./identify/gguf-sniff.js";
export { IdentifyError, type IdentifyErrorCode } from "./identify/identify-error.js";
export { type IdentifyPathOptions, identifyPath } from "./identify/identify-path.js";
export {
  parseSafetensorsHeader,
  SAFETENSORS_MAX_HEADER_LENGTH,
  type SafetensorsHeader,
  type SafetensorsTensor,
  safetensorsHeaderLength,
} from "./identify/safetensors-header.js";
export { identifySafetensors } from "./identify/safetensors-identify.js";
export { readSafetensorsHeader } from "./identify/safetensors-read-header.js";
export type {
  Evidence,
  EvidenceStrength,
  Identification,
  ModelFormat,
  ModelType,
  ShardInfo,
} from "./identify/types.js";
export type { AdoptHfCacheOptions, AdoptHfCacheResult, HfCacheAdoptMode } from "./import/adopt-hf-cache.js";
export type {
  ImportedModel,
  ImportOptions,
  ImportResult,
  SkipCode,
  SkippedImport,
} from "./import/import-types.js";
export { resolveLibraryRoot } from "./layout/resolve-library-root.js";
export { checkLibraryLinks } from "./links/check-library-links.js";
export { mapperModels, openLibraryLinks } from "./links/library-links.js";
export { type LinkAppOptions, type LinkAppResult, linkApp } from "./links/link-app.js";
export { repairLibraryLinks } from "./links/repair-library-links.js";
export { syncLinks } from "./links/sync-links.js";
export { toMapperModel } from "./links/to-mapper-model.js";
export { unlinkApp } from "./links/unlink-app.js";
export type { AdoptOptions, AdoptResult } from "./maintenance/adopt-orphans.js";
export type { RecoveryReport } from "./maintenance/recover-state.js";
export type { ReidentifyResult } from "./maintenance/reidentify-models.js";
export type { ReindexResult } from "./maintenance/reindex-library.js";
export type { RemovedModel } from "./maintenance/remove-model.js";
export type {
  VerifiedFile,
  VerifiedModel,
  VerifyOptions,
  VerifyReport,
  VerifyStatus,
} from "./maintenance/verify-models.js";
export { MergeError, type MergeErrorCode } from "./merge/merge-error.js";
export type {
  MergeAction,
  MergedModel,
  MergeMode,
  MergeOptions,
  MergePlan,
  MergePlanEntry,
  MergeResult,
  MergeSkipCode,
  SkippedMerge,
} from "./merge/merge-types.js";
export { importPulled } from "./pull/import-pulled.js";
export { openDownloadQueue } from "./pull/open-download-queue.js";
export {
  type PullIntoLibraryOptions,
  type PullIntoLibraryResult,
  pullIntoLibrary,
} from "./pull/pull-into-library.js";
export type { LibraryChange } from "./store/library-context.js";
export { LibraryError, type LibraryErrorCode, type LockHolder } from "./store/library-error.js";
export { type LibraryPaths, libraryPaths } from "./store/library-paths.js";
export {
  IMPORT_MODES,
  type ImportMode,
  METADATA_FILE,
  METADATA_SCHEMA_VERSION,
  MODEL_TYPES,
  type ModelFile,
  type ModelMetadata,
  type ModelOverrides,
  type ModelSource,
  modelMetadataSchema,
  modelOverridesSchema,
  OVERRIDES_FILE,
  type OverridesPatch,
  overridesPatchSchema,
} from "./store/metadata-schema.js";
export {
  type BeforeRemoveHook,
  type ChangeListener,
  INDEX_CHECK_INTERVAL_MS,
  ModelLibrary,
  type OpenLibraryOptions,
  type OpenReport,
} from "./store/model-library.js";
export type { ModelRecord } from "./store/model-record.js";
export type { RefreshChange, RefreshResult } from "./watch/refresh-models.js";
export {
  type LibraryEvent,
  type LibraryEventKind,
  type LibraryWatcher,
  type WatchBatch,
  type WatchOptions,
  watchLibrary,
} from "./watch/watch-library.js";
