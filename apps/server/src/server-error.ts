/** Stable codes of the errors the server itself raises. */
export type ServerErrorCode =
  | "BAD_REQUEST"
  | "BAD_OPTION"
  | "BAD_PATH"
  | "NEEDS_TOKEN"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "NO_DOWNLOADS"
  | "FILE_CHANGED"
  | "RANGE_NOT_SATISFIABLE"
  | "REPO_NOT_FOUND"
  | "REVISION_NOT_FOUND"
  | "ENTRY_NOT_FOUND";

/** Hub error names sent as `X-Error-Code` (what the Hugging Face clients branch on). */
export type HubErrorCode = "RepoNotFound" | "RevisionNotFound" | "EntryNotFound";

/** An error answered as `{error, code}` with `statusCode`; `hubCode` adds the hub's `X-Error-Code`. */
export class ServerError extends Error {
  readonly code: ServerErrorCode;
  readonly statusCode: number;
  readonly hubCode: HubErrorCode | undefined;

  constructor(code: ServerErrorCode, statusCode: number, message: string, hubCode?: HubErrorCode) {
    super(message);
    this.name = "ServerError";
    this.code = code;
    this.statusCode = statusCode;
    this.hubCode = hubCode;
  }
}
