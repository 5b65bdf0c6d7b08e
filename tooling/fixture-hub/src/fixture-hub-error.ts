export type FixtureHubErrorCode =
  | "INVALID_REPO"
  | "INVALID_FILE"
  | "INVALID_OPTION"
  | "UNKNOWN_REPO"
  | "UNKNOWN_REVISION";

/** Bad input to the fixture hub (a repo description, a file, an option) or an unknown repo asked of it. */
export class FixtureHubError extends Error {
  readonly code: FixtureHubErrorCode;

  constructor(code: FixtureHubErrorCode, message: string) {
    super(message);
    this.name = "FixtureHubError";
    this.code = code;
  }
}
