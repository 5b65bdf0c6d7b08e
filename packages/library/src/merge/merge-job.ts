import type { Emit } from "@ml/progress";
import type { LibraryContext } from "../store/library-context.js";
import type { MergeSourceSide } from "./finish-merged-source.js";
import type { MergeMode, MergeResult } from "./merge-types.js";

/** What each model's merge works with; `result` collects what they did. */
export interface MergeJob {
  /** The destination. */
  ctx: LibraryContext;
  mode: MergeMode;
  source: string;
  /** The source as a move changes it; null in copy mode (the source keeps its files and links). */
  side: MergeSourceSide | null;
  signal: AbortSignal | undefined;
  emit: Emit;
  result: MergeResult;
}
