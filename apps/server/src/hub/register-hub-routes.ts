import { Type } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import "../route-config.js";
import { ServerError } from "../server-error.js";
import type { HubCatalog, HubRepoSummary } from "./hub-catalog.js";
import { pageItems } from "./page-items.js";
import { pathEntryJson } from "./path-entry-json.js";
import { isCleanPath } from "./repo-file-path.js";
import { repoInfoJson } from "./repo-info-json.js";
import { sendHubFile } from "./send-hub-file.js";

export interface HubRoutesOptions {
  catalog: HubCatalog;
  /** The library root: served files must resolve inside it. */
  root: string;
  /** Largest page of listings. Default 1000. */
  pageSize?: number;
}

const TAG = "hub";
const Strings = Type.Array(Type.String({ maxLength: 200 }), { maxItems: 64 });
const Flag = Type.Union([Type.Boolean(), Type.String({ maxLength: 10 })]);
const HubError = Type.Object({ error: Type.String(), code: Type.Optional(Type.String()) });
// The hub clients send parameters this server has no use for (inference_provider, apps ...):
// unknown query parameters are ignored here, not refused.
const lenient = { additionalProperties: true } as const;

/**
 * The Hugging Face hub API over the library (enough for `@huggingface/hub`'s listModels,
 * modelInfo, listFiles, pathsInfo, downloadFile, downloadFileToCacheDir and snapshotDownload,
 * and for huggingface_hub's hf_hub_download): listing, repo info, tree, paths-info and resolve.
 */
export async function registerHubRoutes(app: FastifyInstance, options: HubRoutesOptions): Promise<void> {
  const { catalog, root } = options;
  const pageSize = options.pageSize ?? 1000;

  // Python's client posts paths-info as a form; only this scope accepts forms.
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string", bodyLimit: 1 << 20 },
    (_request, body, done) => {
      const form = new URLSearchParams(body as string);
      done(null, { paths: form.getAll("paths"), expand: form.get("expand") ?? undefined });
    },
  );

  app.get(
    "/api/models",
    {
      schema: {
        tags: [TAG],
        summary: "List repos (hub API)",
        querystring: Type.Object(
          {
            search: Type.Optional(Type.String({ maxLength: 200 })),
            author: Type.Optional(Type.String({ maxLength: 200 })),
            filter: Type.Optional(Strings),
            pipeline_tag: Type.Optional(Type.String({ maxLength: 100 })),
            sort: Type.Optional(Type.String({ maxLength: 50 })),
            direction: Type.Optional(Type.String({ maxLength: 5 })),
            limit: Type.Optional(Type.Integer({ minimum: 1 })),
            cursor: Type.Optional(Type.String({ maxLength: 100 })),
            expand: Type.Optional(Strings),
            "expand[]": Type.Optional(Strings),
            full: Type.Optional(Flag),
          },
          lenient,
        ),
        response: { 200: Type.Array(Type.Record(Type.String(), Type.Unknown())), 400: HubError },
      },
    },
    async (request, reply) => {
      const q = request.query as {
        search?: string;
        author?: string;
        filter?: string[];
        pipeline_tag?: string;
        sort?: string;
        direction?: string;
        limit?: number;
        expand?: string[];
        "expand[]"?: string[];
        full?: boolean | string;
      };
      const search = q.search?.toLowerCase();
      const author = q.author?.toLowerCase();
      const filters = (q.filter ?? []).flatMap((f) => f.split(",").filter(Boolean));
      const matches = catalog
        .list()
        .filter(
          (repo) =>
            (search === undefined ||
              repo.id.toLowerCase().includes(search) ||
              repo.models.some((m) => m.name.toLowerCase().includes(search))) &&
            (author === undefined || repo.author.toLowerCase() === author),
        )
        .map((repo) => ({ repo, full: repoInfoJson(repo, undefined, [], false) }))
        .filter(({ full }) => {
          if (q.pipeline_tag !== undefined && full.pipeline_tag !== q.pipeline_tag) return false;
          const labels = new Set([...(full.tags as string[]), full.library_name, full.pipeline_tag]);
          return filters.every((f) => labels.has(f));
        });
      if (q.sort !== undefined) {
        const key = q.sort;
        const sign = q.direction === "1" ? 1 : -1;
        matches.sort((a, b) => sign * compare(a.full[key], b.full[key]));
      }
      const { page, link } = pageItems(request, matches, Math.min(q.limit ?? pageSize, pageSize));
      const expand = [...(q.expand ?? []), ...(q["expand[]"] ?? [])];
      const withSiblings = isTrue(q.full);
      const open = withSiblings || expand.includes("sha") || expand.includes("siblings");
      const body = [];
      for (const { repo } of page) body.push(await infoOf(repo, open, expand, withSiblings));
      if (link) reply.header("Link", link);
      return body;
    },
  );

  async function infoOf(repo: HubRepoSummary, open: boolean, expand: string[], withSiblings: boolean) {
    if (!open) return repoInfoJson(repo, undefined, expand, withSiblings);
    const opened = await catalog.repo(repo.id);
    return repoInfoJson(opened, opened.head, expand, withSiblings);
  }

  app.get(
    "/api/models/*",
    {
      schema: {
        tags: [TAG],
        summary: "Repo info, at a revision, or its tree (hub API)",
        description:
          "`/api/models/{org}/{name}`, `/api/models/{org}/{name}/revision/{rev}`, `/api/models/{org}/{name}/tree/{rev}[/{path}]`",
        querystring: Type.Object(
          {
            expand: Type.Optional(Type.Union([Strings, Flag])),
            "expand[]": Type.Optional(Strings),
            recursive: Type.Optional(Flag),
            cursor: Type.Optional(Type.String({ maxLength: 100 })),
          },
          lenient,
        ),
        response: {
          200: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Array(Type.Unknown())]),
          "4xx": HubError,
        },
      },
    },
    async (request, reply) => {
      const { repoId, rest } = repoPath(request);
      const q = request.query as {
        expand?: string[] | boolean | string;
        "expand[]"?: string[];
        recursive?: unknown;
      };
      if (rest.length === 0 || (rest[0] === "revision" && rest.length >= 2)) {
        const revision = rest.length === 0 ? "HEAD" : rest.slice(1).join("/");
        const { repo, snapshot } = await catalog.snapshot(repoId, revision);
        const expand = [...(Array.isArray(q.expand) ? q.expand : []), ...(q["expand[]"] ?? [])];
        return repoInfoJson(repo, snapshot, expand, true);
      }
      if (rest[0] === "tree" && rest.length >= 2) {
        const { snapshot } = await catalog.snapshot(repoId, rest[1] as string);
        const folder = rest
          .slice(2)
          .filter((s, i, all) => s !== "" || i < all.length - 1)
          .join("/");
        if (folder !== "" && (!isCleanPath(folder) || !snapshot.dirs.has(folder))) {
          throw new ServerError("ENTRY_NOT_FOUND", 404, `Entry not found: ${folder}`, "EntryNotFound");
        }
        const recursive = isTrue(q.recursive);
        const expand = isTrue(Array.isArray(q.expand) ? q.expand[0] : q.expand);
        const prefix = folder === "" ? "" : `${folder}/`;
        const paths = [...snapshot.files.keys(), ...snapshot.dirs.keys()]
          .filter((path) => path !== "" && path.startsWith(prefix))
          .filter((path) => recursive || !path.slice(prefix.length).includes("/"))
          .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
        const { page, link } = pageItems(request, paths, pageSize);
        if (link) reply.header("Link", link);
        return page.map((path) => pathEntryJson(snapshot, path, expand));
      }
      throw new ServerError("NOT_FOUND", 404, "Not Found");
    },
  );

  app.post(
    "/api/models/*",
    {
      config: { readOnly: true },
      schema: {
        tags: [TAG],
        summary: "Paths info (hub API)",
        description: "`/api/models/{org}/{name}/paths-info/{rev}`: JSON or form body `{paths, expand}`",
        body: Type.Object(
          {
            paths: Type.Union([
              Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 10_000 }),
              Type.String({ maxLength: 1000 }),
            ]),
            expand: Type.Optional(Flag),
          },
          lenient,
        ),
        response: { 200: Type.Array(Type.Record(Type.String(), Type.Unknown())), "4xx": HubError },
      },
    },
    async (request) => {
      const { repoId, rest } = repoPath(request);
      if (rest[0] !== "paths-info" || rest.length < 2) throw new ServerError("NOT_FOUND", 404, "Not Found");
      const { snapshot } = await catalog.snapshot(repoId, rest.slice(1).join("/"));
      const body = request.body as { paths: string[] | string; expand?: boolean | string };
      // A folder may be asked with a trailing slash; a leading one would be an absolute path.
      const paths = (typeof body.paths === "string" ? [body.paths] : body.paths).map((path) =>
        path.replace(/\/+$/, ""),
      );
      const unclean = paths.find((path) => path !== "" && !isCleanPath(path));
      if (unclean !== undefined) throw new ServerError("BAD_PATH", 400, `not a path in a repo: ${unclean}`);
      const expand = isTrue(body.expand);
      // Paths that do not exist are left out, as the hub does.
      return paths.flatMap((path) => pathEntryJson(snapshot, path, expand) ?? []);
    },
  );

  const resolve = async (request: FastifyRequest, reply: FastifyReply) => {
    const params = request.params as { org: string; name: string; rev: string; "*": string };
    const path = params["*"];
    if (!isCleanPath(path)) throw new ServerError("BAD_PATH", 400, `not a file path in a repo: ${path}`);
    const { snapshot } = await catalog.snapshot(`${params.org}/${params.name}`, params.rev);
    const file = snapshot.files.get(path);
    if (!file) throw new ServerError("ENTRY_NOT_FOUND", 404, `Entry not found: ${path}`, "EntryNotFound");
    return sendHubFile(request, reply, { file, commit: snapshot.commit, root });
  };
  app.route({
    method: ["GET", "HEAD"],
    url: "/:org/:name/resolve/:rev/*",
    exposeHeadRoute: false,
    schema: {
      tags: [TAG],
      summary: "Download a file (hub API)",
      description:
        "Range requests (206), quoted ETag = sha256, X-Linked-Etag, X-Linked-Size, X-Repo-Commit; 404 with X-Error-Code EntryNotFound / RepoNotFound / RevisionNotFound.",
      params: Type.Object({
        org: Type.String({ maxLength: 200 }),
        name: Type.String({ maxLength: 200 }),
        rev: Type.String({ maxLength: 200 }),
        "*": Type.String({ maxLength: 4000 }),
      }),
      querystring: Type.Object({}, lenient),
    },
    handler: resolve,
  });
}

/** `{org}/{name}` and what follows, from the wildcard of `/api/models/*`. */
function repoPath(request: FastifyRequest): { repoId: string; rest: string[] } {
  const segments = (request.params as { "*": string })["*"].split("/");
  const [org, name, ...rest] = segments;
  if (!org || !name) throw new ServerError("REPO_NOT_FOUND", 404, "Repository not found", "RepoNotFound");
  return { repoId: `${org}/${name}`, rest };
}

function isTrue(value: unknown): boolean {
  return value === true || value === "true" || value === "1" || value === "True";
}

/** Numbers by value, anything else as text; a missing value sorts lowest. */
function compare(a: unknown, b: unknown): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}
