import { type ListFileEntry, listFiles, modelInfo } from "@huggingface/hub";
import { type HubFetch, hubOrDefault, withSignal } from "./create-hub-fetch.js";
import { groupVariants } from "./group-variants.js";
import { HfError, OfflineError } from "./hf-error.js";
import { checkRepoPath, parsePullSpec } from "./parse-pull-spec.js";
import { toHfError } from "./to-hf-error.js";
import type { RepoDetails, RepoFile } from "./types.js";

export interface RepoDetailsOptions {
  /** Branch, tag or commit; default "main". */
  revision?: string;
  hub?: HubFetch;
  signal?: AbortSignal;
}

const HEX40 = /^[0-9a-f]{40}$/;
const HEX64 = /^[0-9a-f]{64}$/;

/**
 * A model repo at one commit: every file with the hash the hub lists for it (LFS sha256, or git
 * blob sha1 for small files), grouped into downloadable variants; gated/private state.
 */
export async function repoDetails(repo: string, options: RepoDetailsOptions = {}): Promise<RepoDetails> {
  const spec = parsePullSpec(repo);
  if (spec.repo !== repo)
    throw new HfError("BAD_SPEC", `Not a repo id: ${JSON.stringify(repo)} (expected org/name)`);
  const revision = options.revision ?? "main";
  const base = hubOrDefault(options.hub);
  const what = `${repo}@${revision}`;
  if (base.config.offline) throw new OfflineError(`${what}: reading the repo needs the network`);
  const hub = withSignal(base, options.signal);
  const fetch = hub as typeof globalThis.fetch;
  const hubUrl = hub.config.endpoint;
  try {
    const info = await modelInfo({ name: repo, revision, hubUrl, fetch, additionalFields: ["sha"] });
    const commit = info.sha;
    if (typeof commit !== "string" || !HEX40.test(commit)) {
      throw new HfError("BAD_RESPONSE", `${what}: the hub gave no commit id for the revision`);
    }
    const files: RepoFile[] = [];
    for await (const entry of listFiles({ repo, revision: commit, recursive: true, hubUrl, fetch })) {
      if (entry.type === "file") files.push(toRepoFile(entry, what));
    }
    files.sort((a, b) => (a.path < b.path ? -1 : 1));
    return {
      repo,
      revision,
      commit,
      gated: info.gated ?? false,
      private: info.private ?? false,
      files,
      variants: groupVariants(files),
    };
  } catch (error) {
    throw toHfError(error, what, hub.config.token !== undefined);
  }
}

/** A tree entry checked as hostile input: its path becomes a local path, its size a preflight. */
function toRepoFile(entry: ListFileEntry, what: string): RepoFile {
  const bad = (why: string) => new HfError("BAD_RESPONSE", `${what}: the hub listed ${why}`);
  checkRepoPath(entry.path, bad);
  const size = entry.lfs?.size ?? entry.size;
  if (!Number.isSafeInteger(size) || size < 0) throw bad(`a bad size for ${entry.path}`);
  if (entry.lfs) {
    const sha256 = entry.lfs.oid.toLowerCase();
    return { path: entry.path, size, lfs: true, ...(HEX64.test(sha256) && { sha256 }) };
  }
  const gitSha1 = entry.oid?.toLowerCase();
  return { path: entry.path, size, lfs: false, ...(gitSha1 && HEX40.test(gitSha1) && { gitSha1 }) };
}
