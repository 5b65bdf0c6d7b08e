export { fixtureBytes } from "./fixture-bytes.js";
export { FixtureHubError, type FixtureHubErrorCode } from "./fixture-hub-error.js";
export { startFixtureHub } from "./start-fixture-hub.js";
export type {
  FixtureContentFile,
  FixtureDiskFile,
  FixtureFile,
  FixtureFileInfo,
  FixtureHub,
  FixtureHubOptions,
  FixtureInterruption,
  FixtureRepo,
  FixtureRepoInfo,
  FixtureRequest,
  FixtureSyntheticFile,
  RepoType,
} from "./types.js";
