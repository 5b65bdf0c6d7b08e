import type { MergeSkipCode } from "./merge-types.js";

/** Thrown inside a model's merge to roll it back and report it skipped (it stays in the source). */
export class MergeSkip extends Error {
  constructor(
    readonly code: MergeSkipCode,
    reason: string,
  ) {
    super(reason);
  }
}
