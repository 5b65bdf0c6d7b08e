import { baseName } from "@ml/naming";
import { type HubFetch, hubOrDefault } from "./create-hub-fetch.js";
import { fileFormat } from "./file-format.js";
import type { HfError } from "./hf-error.js";
import { repoDetails } from "./repo-details.js";
import { searchModels } from "./search-models.js";

export interface LookupSourceInput {
  /** The local file's name ("Meta-Llama-3-8B-Instruct.Q4_K_M.gguf"). */
  baseName: string;
  sha256?: string;
  size?: number;
}

export interface LookupSourceOptions {
  hub?: HubFetch;
  /** Search cache (see searchModels). */
  cacheDb?: string;
  /** How many of the best search hits to list files of. Default 5. */
  maxRepos?: number;
  signal?: AbortSignal;
}

export interface LookupCandidate {
  repo: string;
  path: string;
  revision: string;
  commit: string;
  size: number;
  sha256?: string;
  /** The hub lists this file with the local file's sha256: it is the source. */
  certain: boolean;
  /** A guess from name and size: a person should confirm it. */
  needsReview: boolean;
  /** 0-1. */
  score: number;
  reasons: string[];
}

export interface LookupSourceResult {
  /** What the hub was searched for. */
  query: string;
  candidates: LookupCandidate[];
}

const MIN_SCORE = 0.4;
const MAX_CANDIDATES = 10;

/**
 * Where a local model file came from: search the hub for its normalised base name, list the best
 * repos' files, and confirm by sha256 (the LFS oid the hub lists); otherwise rank guesses by name
 * similarity and equal size, marked `needsReview`.
 */
export async function lookupSource(
  input: LookupSourceInput,
  options: LookupSourceOptions = {},
): Promise<LookupSourceResult> {
  const hub = hubOrDefault(options.hub);
  const shared = {
    hub,
    ...(options.cacheDb && { cacheDb: options.cacheDb }),
    ...(options.signal && { signal: options.signal }),
  };
  let query = baseName(input.baseName.slice(input.baseName.lastIndexOf("/") + 1));
  let items = (await searchModels({ query, limit: 20 }, shared)).items;
  const words = query.split(/[-_. ]+/).filter(Boolean);
  if (items.length === 0 && words.length > 2) {
    query = words.slice(0, Math.max(2, words.length - 2)).join("-");
    items = (await searchModels({ query, limit: 20 }, shared)).items;
  }
  const localName = stem(input.baseName).toLowerCase();
  const format = fileFormat(input.baseName);
  const sha256 = input.sha256?.toLowerCase();
  const candidates: LookupCandidate[] = [];
  for (const item of items.slice(0, options.maxRepos ?? 5)) {
    let details: Awaited<ReturnType<typeof repoDetails>>;
    try {
      details = await repoDetails(item.repo, shared);
    } catch (error) {
      if ((error as HfError).code === "OFFLINE" || (error as HfError).code === "ABORTED") throw error;
      continue; // A repo we may not read (gated, gone) is just not a candidate.
    }
    for (const file of details.files) {
      if (fileFormat(file.path) === undefined || (format && fileFormat(file.path) !== format)) continue;
      const base = {
        repo: item.repo,
        path: file.path,
        revision: details.revision,
        commit: details.commit,
        size: file.size,
        ...(file.sha256 && { sha256: file.sha256 }),
      };
      if (sha256 && file.sha256 === sha256) {
        candidates.push({
          ...base,
          certain: true,
          needsReview: false,
          score: 1,
          reasons: ["sha256 matches the hub's"],
        });
        continue;
      }
      const similarity = dice(stem(file.path).toLowerCase(), localName);
      const sameSize = input.size !== undefined && input.size === file.size;
      const reasons = [`name similarity ${similarity.toFixed(2)}`];
      if (sameSize) reasons.push("same size");
      let score = 0.7 * similarity + (sameSize ? 0.3 : 0);
      if (sha256 && file.sha256) {
        reasons.push(`sha256 differs from ${details.revision} (an older revision, or another file)`);
        score /= 2;
      }
      if (score >= MIN_SCORE)
        candidates.push({ ...base, certain: false, needsReview: true, score: round(score), reasons });
    }
  }
  candidates.sort(
    (a, b) => Number(b.certain) - Number(a.certain) || b.score - a.score || (a.repo < b.repo ? -1 : 1),
  );
  return { query, candidates: candidates.slice(0, MAX_CANDIDATES) };
}

/** A file name without its folder and extension. */
function stem(path: string): string {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(0, dot) : name;
}

/** Dice coefficient of character bigrams: 1 for equal strings, 0 for nothing in common. */
function dice(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const counts = new Map<string, number>();
  for (let i = 0; i < a.length - 1; i++)
    counts.set(a.slice(i, i + 2), (counts.get(a.slice(i, i + 2)) ?? 0) + 1);
  let shared = 0;
  for (let i = 0; i < b.length - 1; i++) {
    const left = counts.get(b.slice(i, i + 2)) ?? 0;
    if (left > 0) {
      shared++;
      counts.set(b.slice(i, i + 2), left - 1);
    }
  }
  return (2 * shared) / (a.length - 1 + b.length - 1);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
