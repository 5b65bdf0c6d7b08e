import { listModels, type PipelineType } from "@huggingface/hub";
import { parseQuantization } from "@ml/naming";
import { compareQuantizations } from "./compare-quantizations.js";
import { type HubFetch, hubOrDefault, withSignal } from "./create-hub-fetch.js";
import { fileFormat } from "./file-format.js";
import { HfError, OfflineError } from "./hf-error.js";
import { openStateDb } from "./open-state-db.js";
import { toHfError } from "./to-hf-error.js";

export type SearchSort = "downloads" | "likes" | "lastModified" | "trendingScore" | "createdAt";

export interface SearchModelsParams {
  /** Matched against repo ids. */
  query?: string;
  /** Pipeline tag: "text-generation", "text-to-image" ... */
  task?: string;
  /** Library or tag: "transformers", "diffusers", "mlx" ... */
  library?: string;
  /** File format tag: "gguf", "safetensors", "onnx" ... */
  format?: string;
  author?: string;
  /** Most first; default "downloads". */
  sort?: SearchSort;
  /** 1-1000, default 20. */
  limit?: number;
}

export interface SearchModelsOptions {
  hub?: HubFetch;
  /** SQLite file caching answers (e.g. `<root>/.mlib/hf-cache.db`); no caching without it. */
  cacheDb?: string;
  signal?: AbortSignal;
  /** Clock in epoch ms (tests). */
  now?: () => number;
}

export interface ModelSearchItem {
  repo: string;
  author?: string;
  task?: string;
  library?: string;
  downloads: number;
  likes: number;
  /** ISO date of the last commit. */
  updatedAt: string;
  gated: false | "auto" | "manual";
  private: boolean;
  tags: string[];
  /** Weight formats in the repo: "gguf", "safetensors", "pytorch" ... */
  formats: string[];
  /** GGUF quantizations on offer, fewest bits first. */
  quantizations: string[];
}

export interface SearchModelsResult {
  items: ModelSearchItem[];
  /** Served from a cache older than its 24 h freshness because the network is off or failing. */
  stale: boolean;
  /** When the hub gave these results (epoch ms). */
  fetchedAt: number;
  fromCache: boolean;
}

const FRESH_MS = 24 * 3600_000;
const KEEP_MS = 7 * 24 * 3600_000;

/**
 * Search the hub's models, each result with its formats and GGUF quantizations (from its file
 * names). Answers are cached for 24 h; offline or when the hub cannot be reached, cached answers
 * up to 7 days old are served marked `stale`.
 */
export async function searchModels(
  params: SearchModelsParams,
  options: SearchModelsOptions = {},
): Promise<SearchModelsResult> {
  const limit = params.limit ?? 20;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000) {
    throw new HfError("BAD_SPEC", `search limit must be 1-1000, got ${limit}`);
  }
  const sort = params.sort ?? "downloads";
  const key = JSON.stringify([
    params.query ?? "",
    params.task ?? "",
    params.library ?? "",
    params.format ?? "",
    params.author ?? "",
    sort,
    limit,
  ]);
  const what = `searching models for ${JSON.stringify(params.query ?? "")}`;
  const hub = withSignal(hubOrDefault(options.hub), options.signal);
  const now = (options.now ?? Date.now)();
  const db = options.cacheDb === undefined ? undefined : openStateDb(options.cacheDb);
  try {
    const row = db
      ?.prepare("SELECT items, fetched_at AS fetchedAt FROM hf_search_cache WHERE key = ?")
      .get(key) as { items: string; fetchedAt: number } | undefined;
    const age = row ? now - row.fetchedAt : Number.POSITIVE_INFINITY;
    const cached = (stale: boolean): SearchModelsResult => ({
      items: JSON.parse((row as { items: string }).items) as ModelSearchItem[],
      stale,
      fetchedAt: (row as { fetchedAt: number }).fetchedAt,
      fromCache: true,
    });
    if (hub.config.offline) {
      if (age <= KEEP_MS) return cached(true);
      throw new OfflineError(
        `${what}: no cached answer (searches are cached for 7 days${db ? "" : " when a cache database is given"})`,
      );
    }
    if (age < FRESH_MS) return cached(false);
    let items: ModelSearchItem[];
    try {
      items = await fetchItems(params, sort, limit, hub);
    } catch (error) {
      const failure = toHfError(error, what, hub.config.token !== undefined);
      if (age <= KEEP_MS && (failure.code === "NETWORK" || failure.code === "HTTP")) return cached(true);
      throw failure;
    }
    db?.transaction(() => {
      db.prepare("INSERT OR REPLACE INTO hf_search_cache (key, items, fetched_at) VALUES (?, ?, ?)").run(
        key,
        JSON.stringify(items),
        now,
      );
      db.prepare("DELETE FROM hf_search_cache WHERE fetched_at < ?").run(now - KEEP_MS);
    })();
    return { items, stale: false, fetchedAt: now, fromCache: false };
  } finally {
    db?.close();
  }
}

async function fetchItems(
  params: SearchModelsParams,
  sort: SearchSort,
  limit: number,
  hub: HubFetch,
): Promise<ModelSearchItem[]> {
  const tags = [params.format, params.library].filter((t): t is string => Boolean(t));
  const items: ModelSearchItem[] = [];
  for await (const model of listModels({
    search: {
      ...(params.query && { query: params.query }),
      ...(params.author && { owner: params.author }),
      ...(params.task && { task: params.task as PipelineType }),
      ...(tags.length > 0 && { tags }),
    },
    sort,
    limit,
    additionalFields: ["filePaths", "library_name", "tags"],
    hubUrl: hub.config.endpoint,
    fetch: hub as typeof fetch,
  })) {
    const paths = model.filePaths ?? [];
    const modelTags = Array.isArray(model.tags)
      ? model.tags.filter((t): t is string => typeof t === "string")
      : [];
    const fromFiles = paths.map(fileFormat).filter((f): f is string => f !== undefined);
    const formats = [
      ...new Set(
        fromFiles.length > 0 ? fromFiles : modelTags.filter((t) => t === "gguf" || t === "safetensors"),
      ),
    ].sort();
    const quantizations = [
      ...new Set(
        paths
          .filter((p) => fileFormat(p) === "gguf" && !/mmproj/i.test(p))
          .map(parseQuantization)
          .filter((q): q is string => q !== undefined),
      ),
    ].sort(compareQuantizations);
    const slash = model.name.indexOf("/");
    const updated =
      model.updatedAt instanceof Date && !Number.isNaN(model.updatedAt.getTime())
        ? model.updatedAt
        : new Date(0);
    items.push({
      repo: model.name,
      ...(slash > 0 && { author: model.name.slice(0, slash) }),
      ...(model.task && { task: model.task }),
      ...(typeof model.library_name === "string" && { library: model.library_name }),
      downloads: model.downloads ?? 0,
      likes: model.likes ?? 0,
      updatedAt: updated.toISOString(),
      gated: model.gated ?? false,
      private: model.private ?? false,
      tags: modelTags,
      formats,
      quantizations,
    });
  }
  return items;
}
