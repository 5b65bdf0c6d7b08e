import type { ProgressSink } from "@ml/progress";

/** move (default): merged models leave the source library; copy: the source library is left as it was. */
export type MergeMode = "move" | "copy";

export interface MergeOptions {
  /** Plan only: nothing is locked, written or deleted. */
  dryRun?: boolean;
  mode?: MergeMode;
  signal?: AbortSignal;
  /** Progress per model (one acquisition id each): linking or copying, hashing, verifying. */
  onProgress?: ProgressSink;
}

/**
 * What happens to one model of the source:
 * - move: new bytes here; it comes with its id, overrides and links;
 * - duplicate: the same files are already here; that copy stays, the source's tags, notes and
 *   overrides fill what it lacks, and the source's copy goes once this one has been verified;
 * - conflict: its id is taken here by a different model; it comes under a new id;
 * - skip: it stays in the source (damaged metadata, missing or changed files ...).
 */
export type MergeAction = "move" | "duplicate" | "conflict" | "skip";

export type MergeSkipCode =
  /** metadata.json or overrides.json unreadable or invalid. */
  | "BAD_METADATA"
  /** Another model of the source has the same id. */
  | "DUPLICATE_ID"
  /** A file its metadata lists is missing or has another size. */
  | "MISSING_FILE"
  /** A file's bytes do not match its metadata's hashes (corrupt, or changed since import). */
  | "CORRUPT"
  /** A duplicate whose copy here fails verification: the source keeps its (good) copy. */
  | "DESTINATION_CORRUPT"
  | "NO_SPACE";

export interface MergePlanEntry {
  action: MergeAction;
  /** The model folder in the source library. */
  folder: string;
  /** The model's id in the source (null when its metadata cannot be read). */
  sourceId: string | null;
  name: string | null;
  /** sha256 of the primary file. */
  sha256: string | null;
  /** Bytes of its payload files. */
  size: number;
  /** move / conflict: its id here (new for a conflict); duplicate: the model here with the same files. */
  id?: string;
  /** Its files are registered where they are (in-place import): only metadata changes library. */
  inPlace?: boolean;
  /** Link records (`.mlib/links.json`) that come with it. */
  links: number;
  /** Why (skip, conflict, duplicate), in words. */
  reason?: string;
  code?: MergeSkipCode;
}

export interface MergePlan {
  dryRun: true;
  source: string;
  destination: string;
  mode: MergeMode;
  entries: MergePlanEntry[];
  counts: Record<MergeAction, number>;
  /** Payload bytes to link or copy (duplicates and in-place models excluded). */
  bytes: number;
}

export interface MergedModel {
  action: Exclude<MergeAction, "skip">;
  sourceId: string;
  /** Its id here: the same, a new one (conflict), or the model that already had its files (duplicate). */
  id: string;
  /** Its folder here. */
  folder: string;
  sha256: string;
  inPlace: boolean;
}

export interface SkippedMerge {
  folder: string;
  sourceId: string | null;
  code: MergeSkipCode;
  reason: string;
}

export interface MergeResult {
  dryRun: false;
  source: string;
  destination: string;
  mode: MergeMode;
  merged: MergedModel[];
  skipped: SkippedMerge[];
  links: {
    /** Link records carried into this library's registry (their modelId and sourcePath rewritten). */
    carried: number;
    /**
     * Links on disk that no longer reach the model's file here: symlinks to the old place, hard
     * links to the source's inode after a copy or for a duplicate. `mlib links repair` remakes them.
     */
    stale: string[];
  };
  /** Things left behind, one line each (files in a source model folder that its metadata does not list ...). */
  warnings: string[];
}
