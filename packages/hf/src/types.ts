/** A file of a repo at one commit, with what the hub lists to verify it. */
export interface RepoFile {
  /** Path in the repo ("sub/model.gguf"). */
  path: string;
  size: number;
  /** Stored with Git LFS (or Xet): verified by sha256; otherwise by git blob sha1. */
  lfs: boolean;
  /** sha256 of the content (the LFS oid), for LFS files. */
  sha256?: string;
  /** Git blob sha1 of the content, for small (non-LFS) files. */
  gitSha1?: string;
}

/** A set of files that together make one downloadable model. */
export interface RepoVariant {
  /** "Q4_K_M", "safetensors", "diffusers", "diffusers-fp16", or a file name when nothing better names it. */
  name: string;
  kind: "gguf" | "safetensors" | "diffusers";
  /** llama.cpp quantization label of a GGUF variant. */
  quantization?: string;
  /** Every file the variant needs (repo paths): weights, index, configs, tokenizer, vision projector. */
  files: string[];
  /** The weight files among them, shards in order. */
  weights: string[];
  /** The vision projector attached to a GGUF variant, when the repo has one. */
  mmproj?: string;
  /** Total bytes of `files`. */
  size: number;
  /** False when the file names say shards are missing from the repo. */
  complete: boolean;
}

export interface RepoDetails {
  repo: string;
  /** The revision asked for (branch, tag or commit). */
  revision: string;
  /** The commit it resolved to: every file below is at this commit. */
  commit: string;
  gated: false | "auto" | "manual";
  private: boolean;
  files: RepoFile[];
  variants: RepoVariant[];
}

/** A downloaded, verified file and where it came from. */
export interface PulledFile {
  /** Path in the repo. */
  path: string;
  /** Where it is now. */
  localPath: string;
  size: number;
  sha256: string;
  blake3: string;
  /** Git blob sha1, for small (non-LFS) files, which the hub lists by it. */
  gitSha1?: string;
  /** Already present and verified: nothing was downloaded. */
  reused: boolean;
}

export interface PullResult {
  repo: string;
  revision: string;
  commit: string;
  /** The variant pulled; undefined when a single file was named. */
  variant?: string;
  files: PulledFile[];
}
