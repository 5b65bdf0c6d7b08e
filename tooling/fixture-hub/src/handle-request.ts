import type { IncomingMessage, ServerResponse } from "node:http";
import { authenticate } from "./authenticate.js";
import type { Snapshot } from "./build-snapshot.js";
import { checkRepoAccess } from "./check-repo-access.js";
import type { DownloadFaults } from "./download-faults.js";
import { handleListRepos } from "./handle-list-repos.js";
import { handlePathsInfo } from "./handle-paths-info.js";
import { handleResolve } from "./handle-resolve.js";
import { handleTree } from "./handle-tree.js";
import { HttpError, sendError, sendJson, trackResponse } from "./http-reply.js";
import { queryExpand } from "./query-expand.js";
import { repoInfoJson } from "./repo-info-json.js";
import type { RepoStore, StoredRepo } from "./repo-store.js";
import type { FixtureRequest, RepoType } from "./types.js";

export interface HubContext {
  store: RepoStore;
  tokens?: ReadonlySet<string>;
  pageSize: number;
  cdnUrl?: string;
  faults: DownloadFaults;
  /** Download body bytes per second, when throttled. */
  throttle?: number;
  requests: FixtureRequest[];
}

const API_TYPES: Record<string, RepoType> = { models: "model", datasets: "dataset", spaces: "space" };
const URL_TYPES: Record<string, RepoType> = { datasets: "dataset", spaces: "space" };

/** Log a request, route it, and turn any failure into the hub's `{error}` answer. */
export async function handleRequest(
  ctx: HubContext,
  server: "hub" | "cdn",
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const entry: FixtureRequest = {
    server,
    method: req.method ?? "",
    path: req.url ?? "",
    headers: req.headers,
    status: 0,
    bytesSent: 0,
  };
  ctx.requests.push(entry);
  trackResponse(res, entry);
  try {
    ctx.faults.throwFailure(undefined);
    await route(ctx, server, req, res);
  } catch (error) {
    if (res.headersSent) res.destroy();
    else if (error instanceof HttpError) sendError(res, error);
    else sendError(res, new HttpError(500, (error as Error).message));
  }
}

async function route(
  ctx: HubContext,
  server: "hub" | "cdn",
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://fixture");
  let segments: string[];
  try {
    segments = url.pathname.split("/").slice(1).map(decodeURIComponent);
  } catch {
    throw new HttpError(400, `Bad path encoding: ${url.pathname}`);
  }
  if (server === "cdn") {
    // Signed CDN URLs refuse a second credential, as S3 does: the client must drop it on redirect.
    if (req.headers.authorization !== undefined) throw new HttpError(400, "Only one auth mechanism allowed");
    return routeResolve(ctx, "cdn", req, res, segments, false);
  }
  const authenticated = authenticate(req, ctx.tokens);
  if (segments[0] === "api") return routeApi(ctx, req, res, url, segments.slice(1), authenticated);
  return routeResolve(ctx, "hub", req, res, segments, authenticated);
}

async function routeApi(
  ctx: HubContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  segments: string[],
  authenticated: boolean,
): Promise<void> {
  const type = API_TYPES[segments[0] ?? ""];
  if (!type) throw new HttpError(404, "Not Found");
  if (segments.length === 1) {
    allowMethods(req, "GET");
    return handleListRepos(req, res, url, ctx.store, type, authenticated, ctx.pageSize);
  }
  const repo = findRepo(ctx.store, type, segments.slice(1));
  checkRepoAccess(repo.repo, authenticated, false);
  const [action, ...rest] = segments.slice(1 + repo.used);
  if (action === undefined || action === "revision") {
    allowMethods(req, "GET");
    const snapshot =
      action === undefined
        ? ctx.store.head(repo.repo)
        : findSnapshot(ctx.store, repo.repo, rest, true).snapshot;
    return sendJson(res, 200, repoInfoJson(repo.repo, snapshot, queryExpand(url), true));
  }
  if (action === "tree") {
    allowMethods(req, "GET");
    const { snapshot, used } = findSnapshot(ctx.store, repo.repo, rest, false);
    return handleTree(req, res, url, snapshot, rest.slice(used).join("/"), ctx.pageSize);
  }
  if (action === "paths-info") {
    allowMethods(req, "POST");
    return handlePathsInfo(req, res, findSnapshot(ctx.store, repo.repo, rest, true).snapshot);
  }
  throw new HttpError(404, "Not Found");
}

async function routeResolve(
  ctx: HubContext,
  server: "hub" | "cdn",
  req: IncomingMessage,
  res: ServerResponse,
  segments: string[],
  authenticated: boolean,
): Promise<void> {
  const type = URL_TYPES[segments[0] ?? ""] ?? "model";
  const rest = type === "model" ? segments : segments.slice(1);
  // Only a URL shaped like a download names a repo; anything else is a plain 404.
  if (![rest[1], rest[2]].some((part) => part === "resolve" || part === "raw"))
    throw new HttpError(404, "Not Found");
  allowMethods(req, "GET", "HEAD");
  const repo = findRepo(ctx.store, type, rest);
  if (rest[repo.used] !== "resolve" && rest[repo.used] !== "raw") throw new HttpError(404, "Not Found");
  if (server === "hub") checkRepoAccess(repo.repo, authenticated, true);
  const after = rest.slice(repo.used + 1);
  const { snapshot, used } = findSnapshot(ctx.store, repo.repo, after, false);
  await handleResolve(
    req,
    res,
    { repo: repo.repo, snapshot, path: after.slice(used).join("/"), raw: rest[repo.used] === "raw" },
    {
      server,
      ...(ctx.cdnUrl && { cdnUrl: ctx.cdnUrl }),
      faults: ctx.faults,
      ...(ctx.throttle !== undefined && { throttle: ctx.throttle }),
    },
  );
}

function findRepo(store: RepoStore, type: RepoType, segments: string[]): { repo: StoredRepo; used: number } {
  const found = store.match(type, segments);
  if (!found) {
    throw new HttpError(404, `Repository not found: ${segments.slice(0, 2).join("/")}`, "RepoNotFound");
  }
  return found;
}

/** The revision at the start of `segments`; `whole` when nothing may follow it (no file path). */
function findSnapshot(
  store: RepoStore,
  repo: StoredRepo,
  segments: string[],
  whole: boolean,
): { snapshot: Snapshot; used: number } {
  if (whole) {
    const snapshot = store.snapshotOf(repo, segments.join("/"));
    if (snapshot) return { snapshot, used: segments.length };
  } else {
    const found = store.snapshotAt(repo, segments);
    if (found) return found;
  }
  throw new HttpError(404, `Invalid rev id: ${segments.join("/")}`, "RevisionNotFound");
}

function allowMethods(req: IncomingMessage, ...methods: string[]): void {
  if (!methods.includes(req.method ?? "")) throw new HttpError(405, `Method ${req.method} not allowed`);
}
