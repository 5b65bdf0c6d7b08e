import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError, sendJson } from "./http-reply.js";
import { pageItems } from "./page-items.js";
import { queryExpand } from "./query-expand.js";
import { repoInfoJson } from "./repo-info-json.js";
import type { RepoStore } from "./repo-store.js";
import type { RepoType } from "./types.js";

/**
 * GET /api/{type}s: `search` (substring of the id), `author`, `filter` (each one a tag, the
 * library or the task), `pipeline_tag`, `sort` (descending unless `direction=1`), `limit`,
 * `expand`, `full`; paged by `cursor` with a `Link: rel="next"` header.
 */
export function handleListRepos(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  store: RepoStore,
  type: RepoType,
  authenticated: boolean,
  pageSize: number,
): void {
  const query = url.searchParams;
  const limitParam = query.get("limit");
  const limit = limitParam === null ? pageSize : Number(limitParam);
  if (!Number.isSafeInteger(limit) || limit < 1) throw new HttpError(400, `Invalid limit ${limitParam}`);
  const search = query.get("search")?.toLowerCase();
  const author = query.get("author")?.toLowerCase();
  const task = query.get("pipeline_tag");
  const filters = query.getAll("filter").flatMap((value) => value.split(",").filter(Boolean));

  const matches = store
    .list(type)
    .filter((repo) => authenticated || !repo.private)
    .map((repo) => ({ repo, snapshot: store.head(repo) }))
    .map((entry) => ({ ...entry, full: repoInfoJson(entry.repo, entry.snapshot, [], true) }))
    .filter(({ repo, full }) => {
      if (search !== undefined && !repo.id.toLowerCase().includes(search)) return false;
      if (author !== undefined && String(full.author ?? "").toLowerCase() !== author) return false;
      if (task !== null && full.pipeline_tag !== task) return false;
      const labels = new Set([
        ...(Array.isArray(full.tags) ? full.tags : []),
        full.library_name,
        full.pipeline_tag,
      ]);
      return filters.every((filter) => labels.has(filter));
    });
  const sort = query.get("sort");
  if (sort !== null) {
    const sign = query.get("direction") === "1" ? 1 : -1;
    matches.sort((a, b) => sign * compare(a.full[sort], b.full[sort]));
  }

  const { page, link } = pageItems(req, url, matches, Math.min(limit, pageSize));
  const expand = queryExpand(url);
  const withSiblings = query.get("full") === "true" || query.get("full") === "1";
  const body = page.map(({ repo, snapshot }) => repoInfoJson(repo, snapshot, expand, withSiblings));
  sendJson(res, 200, body, link ? { Link: link } : {});
}

/** Numbers by value, anything else as text; a missing value sorts lowest. */
function compare(a: unknown, b: unknown): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}
