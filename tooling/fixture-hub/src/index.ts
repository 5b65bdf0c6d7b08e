export { fixtureBytes } from "./fixture-bytes.js";
export { FixtureHubError, type FixtureHubErrorCode } from "./fixture-hub-error.js";
export { patternBytes } from "./pattern-bytes.js";
export {
  kohyaSd15Lora,
  llamaLayer,
  type TensorTable,
  tinyLlama,
  writeSafetensors,
} from "./safetensors-fixtures.js";
export { startFixtureHub } from "./start-fixture-hub.js";
export type {
  FixtureContentFile,
  FixtureCorruption,
  FixtureDiskFile,
  FixtureFailure,
  FixtureFile,
  FixtureFileInfo,
  FixtureHub,
  FixtureHubOptions,
  FixtureInterruption,
  FixtureRepo,
  FixtureRepoInfo,
  FixtureRequest,
  FixtureStall,
  FixtureSyntheticFile,
  RepoType,
} from "./types.js";
