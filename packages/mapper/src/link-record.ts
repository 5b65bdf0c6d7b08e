// What the mapper remembers about every file or entry it made, and the store it keeps it in.

/** How a file reaches an app. */
export type LinkMethod = "reflink" | "hardlink" | "symlink" | "copy";

/** What a record stands for: a linked file, a generated file (Ollama manifest/config blob) or a config entry. */
export type LinkKind = LinkMethod | "config" | "manifest";

/** An entry of ComfyUI's extra_model_paths.yaml owned by one model. */
export interface ConfigEntry {
  /** Top-level section of the YAML file ("mlib"). */
  section: string;
  /** Folder name inside the section ("checkpoints", "loras", ...). */
  key: string;
  /** The section's base_path: the link farm that holds the per-type folders. */
  basePath: string;
  isDefault: boolean;
}

export interface LinkRecord {
  id: string;
  /** Profile id ("comfyui", "ollama", ...). */
  app: string;
  /** Absolute app folder given to planLinks. */
  target: string;
  /** Absolute path of the link, the generated file, or the config file. */
  path: string;
  kind: LinkKind;
  modelId: string;
  /** Absolute library file the link points at; null for generated files and config entries. */
  sourcePath: string | null;
  /** Model-relative name of the source file, so repair can find it after the library moved it. */
  file?: string;
  /** Identity of the source when linked (hardlinks are recognised by it). */
  sourceIno?: number;
  sourceDev?: number;
  /** Identity of the file mlib wrote (copies, reflinks, generated files). */
  linkIno?: number;
  linkDev?: number;
  /** mtime of the file mlib wrote (or, for a hard link, of the shared inode), to notice later edits cheaply. */
  mtimeMs?: number;
  /** Content hash: the source's for links, of the bytes written for generated files. */
  sha256?: string | null;
  size: number;
  /** "sha256:<hex>" of a content-addressed blob; such a file is deleted only when no manifest uses it. */
  digest?: string;
  /** Exact bytes of a generated file, so repair can write it again. */
  content?: string;
  config?: ConfigEntry;
  /** Model-specific folders above the file (bundle folders, LM Studio publisher/repo); removed when empty. */
  dirs?: string[];
  /** ISO time. */
  createdAt: string;
}

export interface LinkFilter {
  app?: string;
  target?: string;
  modelId?: string;
  path?: string;
  kind?: LinkKind;
}

/**
 * Where records live. `add` inserts or replaces by `id` and must be durable when it resolves:
 * the mapper adds a record before it creates the file, so a crash leaves a record `checkLinks`
 * reports as missing rather than a file nobody owns.
 */
export interface LinkRegistry {
  list(filter?: LinkFilter): Promise<LinkRecord[]>;
  add(record: LinkRecord): Promise<void>;
  remove(recordId: string): Promise<void>;
}
