// The journal record of one model being merged, in the destination's `.mlib/journal/`. Written
// before each step that changes either library, so that recovery (recover-merge.ts) can finish
// a model whose commit happened and roll back one whose commit did not.
import { join } from "node:path";
import { writeJsonAtomic } from "@ml/progress";
import type { recordOwner } from "../store/journal-records.js";
import type { LibraryPaths } from "../store/library-paths.js";
import type { ModelOverrides } from "../store/metadata-schema.js";
import type { MergeMode } from "./merge-types.js";

/** A payload file of the source model, with what it was when planned: only that file is ever deleted. */
export interface MergeSourceFile {
  /** Model-relative name. */
  name: string;
  /** Absolute path in the source (the user's own path for an in-place file). */
  path: string;
  size: number;
  sha256: string;
  /** In-place file: registered where it is, never moved nor deleted. */
  external: boolean;
  dev: number;
  ino: number;
  mtime_ms: number;
}

export interface MergeRecord extends ReturnType<typeof recordOwner> {
  kind: "merge";
  /** move: staged in `.mlib/tmp/<id>/model`, committed by one rename; duplicate: the copy here stays. */
  action: "move" | "duplicate";
  mode: MergeMode;
  source_root: string;
  source_folder: string;
  source_id: string;
  files: MergeSourceFile[];
  /** The model folder here: set just before the commit rename (move), or the verified copy (duplicate). */
  target?: string;
  /** The model's id here. */
  target_id?: string;
  /** duplicate: the source's fields filled into the destination's overrides. */
  overrides_patch?: ModelOverrides;
}

export function writeMergeRecord(paths: LibraryPaths, record: MergeRecord): Promise<void> {
  return writeJsonAtomic(join(paths.journal, `${record.id}.json`), record);
}
