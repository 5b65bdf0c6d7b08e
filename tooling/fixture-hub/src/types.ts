import type { IncomingHttpHeaders } from "node:http";

export type RepoType = "model" | "dataset" | "space";

/** Per-file options shared by every object form. */
interface FixtureFileOptions {
  /** Force the file in or out of LFS; default: by size threshold and extension (see README). */
  lfs?: boolean;
}

/** A file held in memory. */
export interface FixtureContentFile extends FixtureFileOptions {
  content: Uint8Array | string;
}

/**
 * A synthetic file of `size` bytes, streamed, never held in memory: all equal to `fill` (default 0),
 * or, with `seed`, pseudo-random bytes that differ at every offset (see `patternBytes`), so a resume
 * that lands at the wrong offset changes the hash.
 */
export interface FixtureSyntheticFile extends FixtureFileOptions {
  size: number;
  fill?: number;
  seed?: number;
  /** Advertised sha256; skips hashing a huge file. If wrong, the hub serves bytes that do not match it. */
  sha256?: string;
}

/** A file on disk (sparse files welcome), streamed at request time; its size and hashes are taken when added. */
export interface FixtureDiskFile extends FixtureFileOptions {
  path: string;
  /** Advertised sha256; skips hashing a huge file. If wrong, the hub serves bytes that do not match it. */
  sha256?: string;
}

export type FixtureFile = FixtureContentFile | FixtureSyntheticFile | FixtureDiskFile;

export interface FixtureRepo {
  /** "org/name" (or a legacy "name"), without a "datasets/" prefix: use `type` for that. */
  id: string;
  type?: RepoType;
  /** Repo path ("sub/dir/x.safetensors") -> content. */
  files: Record<string, FixtureFile | Uint8Array | string>;
  /** Branch name, default "main". Adding the same repo again on the same branch moves the branch to a new commit. */
  revision?: string;
  /** 40-hex commit; default: derived from the content like a git commit (same files, same commit). */
  commit?: string;
  /** true means "manual". Gated repos answer metadata freely but need a token to download files. */
  gated?: boolean | "auto" | "manual";
  /** Private repos need a token for everything and are hidden from listings without one. */
  private?: boolean;
  /** Extra fields merged into the repo info (pipeline_tag, tags, downloads, likes, library_name, gguf, lastModified ...). */
  info?: Record<string, unknown>;
}

export interface FixtureFileInfo {
  path: string;
  size: number;
  lfs: boolean;
  /** sha256 of the content (also for small files). */
  sha256: string;
  /** Git blob sha1 as the tree lists it: of the content for small files, of the LFS pointer for LFS files. */
  oid: string;
  /** ETag and cache blob name: sha256 for LFS files, git blob sha1 of the content otherwise. */
  etag: string;
}

export interface FixtureRepoInfo {
  /** "org/name" */
  id: string;
  type: RepoType;
  /** Branch this snapshot was added on. */
  revision: string;
  commit: string;
  /** Folder name in a hub cache: "models--org--name". */
  cacheFolder: string;
  files: ReadonlyMap<string, FixtureFileInfo>;
}

export interface FixtureRequest {
  /** "hub", or "cdn" for the LFS redirect target server. */
  server: "hub" | "cdn";
  method: string;
  /** Raw request target: path and query as sent. */
  path: string;
  headers: IncomingHttpHeaders;
  /** Response status, 0 until the response is sent. */
  status: number;
  /** Body bytes of a download the socket accepted so far (what a client was sent). */
  bytesSent: number;
}

export interface FixtureHubOptions {
  repos?: FixtureRepo[];
  /** Folder of `<org>/<name>/...files` (and `datasets/<org>/<name>`, `spaces/<org>/<name>`) served as repos. */
  fromDir?: string;
  /** Files of at least this many bytes are LFS. Default 10 MiB. */
  lfsThreshold?: number;
  /** Default 0: a free port. */
  port?: number;
  /** Accepted tokens. Default: any token starting with "hf_". */
  tokens?: string[];
  /** Largest page of /api/{type}s and tree listings (the real hub caps it too). Default 1000. */
  pageSize?: number;
  /**
   * Answer LFS downloads with a 302 to a second server on another port (another origin, as the
   * real hub's CDN). That server refuses requests that still carry `Authorization` (400).
   */
  lfsRedirect?: boolean;
  /**
   * Send download bodies at most this many bytes per second each, in 16 KiB slices, so a client
   * killed mid-download has little in flight (resume tests count the bytes sent).
   */
  throttle?: number;
}

export interface FixtureInterruption {
  /** Repo path of the file whose downloads are cut. */
  path: string;
  /** Body bytes sent before the connection is destroyed; bodies not longer than this are untouched. */
  afterBytes: number;
  /** How many downloads to cut. Default 1. */
  times?: number;
}

export interface FixtureStall {
  /** Repo path of the file whose downloads stall. */
  path: string;
  /** Body bytes sent before the connection goes silent (kept open until the client gives up). */
  afterBytes: number;
  /** How many downloads to stall. Default 1. */
  times?: number;
}

export interface FixtureFailure {
  /** Repo path of the file whose downloads fail; default: any request at all (API ones included). */
  path?: string;
  /** How many requests fail. Default 1; `Infinity` for all of them. */
  times?: number;
  /** Error status, 400-599. Default 500. */
  status?: number;
}

export interface FixtureCorruption {
  /** Repo path of the file served corrupted. */
  path: string;
  /** File offset of the byte served wrong (low bit flipped), in any body that covers it. */
  at: number;
  /** How many bodies to corrupt. Default 1; `Infinity` for all of them. */
  times?: number;
}

export interface FixtureHub {
  /** "http://127.0.0.1:<port>" */
  readonly url: string;
  /** Default branch of each repo, keyed like the client's repo designation: "org/name", "datasets/org/name". */
  readonly repos: ReadonlyMap<string, FixtureRepoInfo>;
  /** Log of every request, for assertions. */
  readonly requests: FixtureRequest[];
  /** A repo at a branch or commit (default: its default branch); throws FixtureHubError UNKNOWN_REPO. */
  repo(id: string, revision?: string): FixtureRepoInfo;
  addRepo(repo: FixtureRepo): FixtureRepoInfo;
  /** Cut the next GET downloads of a file mid-body (resume tests). */
  interrupt(interruption: FixtureInterruption): void;
  /** Send the next GET downloads of a file partly, then nothing, holding the connection open. */
  stall(stall: FixtureStall): void;
  /** Answer the next requests (of one file's downloads, or any) with an error status (default 500). */
  fail(failure: FixtureFailure): void;
  /** Serve one byte of a file wrong in the next download bodies that include it. */
  corrupt(corruption: FixtureCorruption): void;
  close(): Promise<void>;
}
