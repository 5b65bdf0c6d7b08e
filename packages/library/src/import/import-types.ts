import type { ProgressSink } from "@ml/progress";
import type { Identification, ModelType } from "../identify/types.js";
import type { ImportMode, ModelSource } from "../store/metadata-schema.js";

export interface ImportOptions {
  /** copy (default), move, hardlink, or in-place (nothing moves; metadata records where the files are). */
  mode?: ImportMode;
  /** Forces the type instead of the identified one. */
  type?: ModelType;
  /** Imports pickle files (.ckpt, .pt, .bin), whose loading can run code. Refused without it. */
  allowPickle?: boolean;
  tags?: string[];
  notes?: string;
  /** Where the model came from, for downloads: `{kind: "download", repo, revision, commit, file}`. */
  source?: Partial<ModelSource>;
  /**
   * Digests already computed from these bytes, by absolute source path as given (the library's
   * own pulls hash while downloading): files moved or hard-linked in are not read a second time.
   */
  knownDigests?: Record<string, { size: number; sha256: string; blake3: string }>;
  /**
   * The sha256 a source file must have, by absolute path as given (an HF cache blob is named by it): a
   * file whose bytes differ is refused as CORRUPT and the model is not imported.
   */
  expectedSha256?: Record<string, string>;
  signal?: AbortSignal;
  /** Progress of hashing and copying, one acquisition id per model (throttled to 10 events/s per file). */
  onProgress?: ProgressSink;
}

export interface ImportedModel {
  id: string;
  /** The path given (or the shard set / folder it stood for). */
  path: string;
  /** sha256 of the primary file. */
  sha256: string;
  /** The model folder in the library. */
  folder: string;
}

export type SkipCode =
  | "NOT_FOUND"
  | "INSIDE_LIBRARY"
  | "INCOMPLETE_SHARDS"
  | "UNREADABLE"
  | "UNSAFE"
  | "DUPLICATE"
  | "NO_MODELS"
  | "CROSS_DEVICE"
  | "NO_SPACE"
  | "RESERVED_NAME"
  | "LINK_REFUSED"
  | "CORRUPT";

export interface SkippedImport {
  path: string;
  /** One line for people: "already in the library as <id>", "missing shards 2 and 4", ... */
  reason: string;
  code: SkipCode;
  /** For DUPLICATE: the model already holding these bytes. */
  existingId?: string;
}

export interface ImportResult {
  imported: ImportedModel[];
  skipped: SkippedImport[];
}

/** One model to import, as the given paths resolve. */
export interface ImportUnit {
  /** The path given, or the shard set / folder found under it. */
  input: string;
  kind: "file" | "shards" | "folder";
  /** Payload files: absolute source path and the name (relative, `/`-separated) it gets in the model folder. The primary first. */
  files: Array<{ source: string; name: string }>;
  identification: Identification;
  /** Display name: the file name without extension, shard suffix and quantization; the folder's name. */
  name: string;
}
