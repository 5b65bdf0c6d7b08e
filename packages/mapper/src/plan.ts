// The plan planLinks returns and applyPlan executes: plain data, printable as JSON for --dry-run.
import type { ConfigEntry, LinkKind, LinkMethod, LinkRecord } from "./link-record.js";

/** `auto` tries the profile's methods in order; `config` writes the app's config file (ComfyUI). */
export type Strategy = "auto" | LinkMethod | "config";

export type PlanActionType = "create" | "keep" | "replace-broken" | "conflict" | "remove";

/** One thing that should exist at `path` for a model. */
export interface LinkSpec {
  modelId: string;
  /** Absolute destination. */
  path: string;
  /** A library file linked in, bytes mlib generates (Ollama manifest/config), or a config entry. */
  type: "file" | "generated" | "config";
  sourcePath: string | null;
  /** Model-relative name of the source file. */
  file: string | null;
  size: number;
  sha256: string | null;
  /** "sha256:<hex>" when the destination is a content-addressed blob. */
  digest?: string;
  content?: string;
  config?: ConfigEntry;
  /** Model-specific folders above `path`, removed when they become empty. */
  dirs: string[];
}

export interface PlanAction {
  action: PlanActionType;
  modelId: string;
  path: string;
  /** What will be made (create, replace-broken), what is there (keep, remove), what was wanted (conflict). */
  kind: LinkKind;
  /** create/replace-broken: methods to try in order; the first is the planned one. */
  methods?: LinkMethod[];
  spec?: LinkSpec;
  /** The registry record concerned: kept, replaced, removed, or dropped (a conflict where our file was replaced). */
  recordId?: string;
  /** keep: false when the file is not mlib's but already right (an Ollama blob with the same digest). */
  owned?: boolean;
  reason?: string;
  /** remove: the record whose file goes. */
  record?: LinkRecord;
}

export interface SkippedModel {
  modelId: string;
  name: string;
  reason: string;
}

/** What linking from one file system to another can do, probed once per pair. */
export interface LinkProbe {
  sourceDev: number;
  targetDev: number;
  /** Folder the probe ran in. */
  dir: string;
  reflink: boolean;
  hardlink: boolean;
  symlink: boolean;
  /** Why a method failed ("EXDEV", "ENOTSUP", ...). */
  reasons: Partial<Record<LinkMethod, string>>;
}

export interface Plan {
  app: string;
  target: string;
  strategy: Strategy;
  actions: PlanAction[];
  skipped: SkippedModel[];
  probes: LinkProbe[];
  warnings: string[];
  counts: Record<PlanActionType, number>;
  /** Bytes that creating the plan's copies writes. */
  bytesToCopy: number;
}

export interface AppliedAction {
  action: PlanActionType;
  modelId: string;
  path: string;
  kind: LinkKind;
  status: "done" | "failed" | "left";
  /** Why it failed, or why a file was left in place. */
  detail?: string;
}

export interface ApplyResult {
  results: AppliedAction[];
  created: number;
  replaced: number;
  removed: number;
  kept: number;
  conflicts: number;
  failed: number;
}
