// App profiles are data: which models an app can use and where in its folder it looks for them.
import type { LinkMethod } from "./link-record.js";

/**
 * A condition on one model. Every field given must hold. A field is a value or a list of values
 * (any may match); `null` in a list matches a missing value and "*" matches any present value.
 * Strings compare case-insensitively.
 */
export interface RuleMatch {
  type?: MatchValue;
  subtype?: MatchValue;
  format?: MatchValue;
  architecture?: MatchValue;
  baseModel?: MatchValue;
  packaging?: MatchValue;
  /** The model has at least one of these tags. */
  tag?: string | string[];
}

export type MatchValue = string | null | ReadonlyArray<string | null>;

export interface ProfileRule {
  match: RuleMatch;
  /**
   * Folder relative to the target. Placeholders, each made a safe single folder name:
   * {publisher} (model.publisher, else the repo's org, else "mlib"), {repo} (the repo's name,
   * else the model name), {name} (the model name).
   */
  folder?: string;
  /**
   * Put the model's files in a folder of their own inside `folder`: "always" (diffusers folders),
   * "multi-file" (only when the model has several files: shards, a projector), or never (default).
   */
  bundle?: "always" | "multi-file";
  /** Key of this folder in the app's config file (ComfyUI extra_model_paths.yaml). */
  configKey?: string;
  /** The app cannot use such models: this says why, and the model is skipped. */
  skip?: string;
}

/** How to find an install of the app for `mlib apps`. */
export interface DetectSpec {
  /** Environment variables naming the target folder directly. */
  env?: string[];
  /** Usual places; "~/" is the home folder. */
  paths: string[];
  /** A file holding the path of the app's home folder; `join` is appended to it. */
  pointer?: { file: string; join: string };
  /** Entries (relative to the candidate) that must all exist. */
  all?: string[];
  /** Entries of which at least one must exist. */
  any?: string[];
  /** Entries that must not exist (tells A1111 from Forge). */
  none?: string[];
}

export interface AppProfile {
  /** Stable id stored in link records ("comfyui"). */
  id: string;
  /** Display name ("ComfyUI"). */
  name: string;
  /** What `--target` is for this app. */
  target: string;
  /** "folders": rules place files; "ollama": blobs + manifest (only the rules' matching is used). */
  layout: "folders" | "ollama";
  /** First matching rule wins; a model no rule matches is skipped. */
  rules: ProfileRule[];
  /** Order `auto` tries; methods not listed are never used for this app. */
  methods: LinkMethod[];
  /** The app reads model folders from a config file: enables strategy "config". */
  config?: { file: string; format: "comfyui-extra-model-paths" };
  detect?: DetectSpec;
}
