/** Why a merge was refused before anything was touched. */
export type MergeErrorCode =
  /** The folder to merge holds no library (no `.mlib/`). */
  | "NOT_A_LIBRARY"
  /** The folder to merge is this library. */
  | "SAME_LIBRARY"
  /** One library lies inside the other: scanning one would find the other's models. */
  | "NESTED_LIBRARY";

export class MergeError extends Error {
  override readonly name = "MergeError";
  readonly code: MergeErrorCode;
  /** The source library folder. */
  readonly path: string;

  constructor(code: MergeErrorCode, message: string, path: string) {
    super(message);
    this.code = code;
    this.path = path;
  }
}
