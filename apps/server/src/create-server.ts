import cors from "@fastify/cors";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import { type LibraryWatcher, type ModelLibrary, watchLibrary } from "@ml/library";
import { throttleProgress } from "@ml/progress";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import { SHARED_SCHEMAS } from "./api-schemas.js";
import { createChangeStamp } from "./create-change-stamp.js";
import { createFacetCounter } from "./create-facet-counter.js";
import { createQueryCache } from "./create-query-cache.js";
import type { Downloads } from "./downloads.js";
import { EventLog } from "./event-log.js";
import { HubCatalog } from "./hub/hub-catalog.js";
import { registerHubRoutes } from "./hub/register-hub-routes.js";
import { isLoopbackHost } from "./is-loopback-host.js";
import { JobRegistry } from "./job-registry.js";
import { createLinkSync } from "./link-sync.js";
import { registerAuth } from "./register-auth.js";
import { registerEventRoutes } from "./routes/event-routes.js";
import { registerHfRoutes } from "./routes/hf-routes.js";
import { registerJobRoutes } from "./routes/job-routes.js";
import { registerLinkRoutes } from "./routes/link-routes.js";
import { registerModelRoutes } from "./routes/model-routes.js";
import { registerPullRoutes } from "./routes/pull-routes.js";
import { registerSystemRoutes } from "./routes/system-routes.js";
import type { ServerContext } from "./server-context.js";
import { ServerError } from "./server-error.js";
import { toErrorReply } from "./to-error-reply.js";
import { registerUi } from "./ui/register-ui.js";

export interface CreateServerOptions {
  library: ModelLibrary;
  /** The library root; default `library.paths.root`. */
  root?: string;
  /** Where the server will listen. Any address other than loopback requires `token`. Default 127.0.0.1. */
  host?: string;
  /** Full-access token (Bearer, or the `mlib_token` cookie). At least 8 characters. */
  token?: string;
  /** Read-only token: GET/HEAD and the hub API. Requires `token`. */
  readToken?: string;
  /** Origins allowed to call the API from a browser (`true`: any). Off by default. */
  cors?: boolean | string | string[];
  /** Pull queue behind `/api/v1/pulls`; without it those routes answer 503. */
  downloads?: Downloads;
  /** Watch the library folder so changes made by hand show up (default true); or the watcher's timings. */
  watch?: boolean | { stabilityMs?: number; batchMs?: number };
  /** Keep linked apps in step with the library (`mlib link --sync` after each change); default true. */
  linkSync?: boolean | { delayMs?: number };
  /** Fastify logger (default off: the server prints nothing itself). */
  logger?: FastifyServerOptions["logger"];
  /** Milliseconds between heartbeats on event streams. Default 15000. */
  heartbeatMs?: number;
  /** The event log streamed at `/api/v1/events` (a caller may publish its own events to it). Default: a new one keeping 1000 events. */
  events?: EventLog;
  /** Largest request body in bytes. Default 1 MiB. */
  bodyLimit?: number;
  /** Mount the web UI. Default true. */
  ui?: boolean;
}

/** Refuses options that would expose the library (a public address without a token ...). */
export function checkServerOptions(options: Pick<CreateServerOptions, "host" | "token" | "readToken">): void {
  const { host = "127.0.0.1", token, readToken } = options;
  if (token !== undefined && token.length < 8) {
    throw new ServerError("BAD_OPTION", 400, "the token must be at least 8 characters long");
  }
  if (readToken !== undefined && token === undefined) {
    throw new ServerError("BAD_OPTION", 400, "a read-only token needs a full token too (--token)");
  }
  if (readToken !== undefined && readToken.length < 8) {
    throw new ServerError("BAD_OPTION", 400, "the read-only token must be at least 8 characters long");
  }
  if (token === undefined && !isLoopbackHost(host)) {
    throw new ServerError(
      "NEEDS_TOKEN",
      400,
      `listening on ${host} exposes the library to the network: give a token (--token) or listen on 127.0.0.1`,
    );
  }
}

/**
 * The mlib server as a Fastify instance, not yet listening (`inject` works at once; `startServer`
 * listens). It serves the JSON API under `/api/v1`, live events, the hub-compatible API, the
 * OpenAPI document (`/openapi.json`, `/docs`) and the web UI. `ready()` starts the library
 * watcher; `close()` ends event streams, cancels jobs and stops the watcher (the library stays
 * open: it is the caller's).
 */
export function createServer(options: CreateServerOptions): FastifyInstance {
  checkServerOptions(options);
  const { library } = options;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 1 << 20,
    // Unknown body keys are refused (400), not silently dropped.
    ajv: { customOptions: { removeAdditional: false } },
    routerOptions: { maxParamLength: 1000 },
    // close() must not wait for a 20 GB download or an event stream to end.
    forceCloseConnections: true,
  });

  const events = options.events ?? new EventLog(1000);
  const stamp = createChangeStamp({ files: [library.paths.db, `${library.paths.db}-wal`] });
  const value = () => stamp.value();
  const ctx: ServerContext = {
    library,
    root: options.root ?? library.paths.root,
    events,
    jobs: new JobRegistry(events),
    stamp,
    facets: createFacetCounter(library, value),
    searches: createQueryCache(value, 200),
    catalog: new HubCatalog(library, value),
    downloads: options.downloads,
    progress: throttleProgress((event) => events.publish("progress", event)),
    heartbeatMs: options.heartbeatMs ?? 15_000,
  };

  app.setErrorHandler((error, request, reply) => {
    const answer = toErrorReply(error);
    if (answer.internal) request.log.error({ err: error }, "request failed");
    return reply.code(answer.statusCode).headers(answer.headers).send(answer.body);
  });

  const unsubscribe: Array<() => void> = [];
  const linkSync =
    options.linkSync === false
      ? undefined
      : createLinkSync(library, {
          ...(typeof options.linkSync === "object" ? options.linkSync : {}),
          onSynced: (results) =>
            events.publish("links", {
              synced: results.map(({ app, target, applied }) => ({ app, target, applied })),
            }),
          onError: (error) => app.log.error({ err: error }, "link sync"),
        });
  let watcher: LibraryWatcher | undefined;

  app.register(async (root) => {
    if (options.cors) {
      await root.register(cors, {
        origin: options.cors === true ? true : options.cors,
        methods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
        allowedHeaders: ["Authorization", "Content-Type", "Last-Event-ID", "Range", "If-Range"],
        exposedHeaders: [
          "ETag",
          "Content-Range",
          "Link",
          "X-Repo-Commit",
          "X-Linked-Etag",
          "X-Linked-Size",
          "X-Error-Code",
        ],
      });
    }
    registerAuth(root, {
      ...(options.token !== undefined && { token: options.token }),
      ...(options.readToken !== undefined && { readToken: options.readToken }),
      cors: Boolean(options.cors),
    });
    // In this scope, so that unknown routes pass the token check too.
    root.setNotFoundHandler((request, reply) =>
      reply
        .code(404)
        .send({ error: `no route ${request.method} ${request.url.slice(0, 200)}`, code: "NOT_FOUND" }),
    );
    for (const schema of SHARED_SCHEMAS) root.addSchema(schema);
    await root.register(swagger, {
      openapi: {
        openapi: "3.1.0",
        info: {
          title: "mlib server",
          version: "1",
          description:
            "The mlib model library over HTTP: `/api/v1` (JSON), `/api/v1/events` (server-sent events) and a " +
            "Hugging Face-compatible hub API (`/api/models`, `/{repo}/resolve/{rev}/{path}`).",
        },
        components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
        ...(options.token !== undefined && { security: [{ bearer: [] }] }),
      },
      refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    });
    await root.register(swaggerUi, { routePrefix: "/docs" });
    root.get("/openapi.json", { schema: { hide: true } }, async () => root.swagger());

    await root.register(registerModelRoutes, ctx);
    await root.register(registerJobRoutes, ctx);
    await root.register(registerLinkRoutes, ctx);
    await root.register(registerPullRoutes, ctx);
    await root.register(registerSystemRoutes, ctx);
    await root.register(registerEventRoutes, ctx);
    await root.register(registerHfRoutes, ctx);
    await root.register(registerHubRoutes, { catalog: ctx.catalog, root: ctx.root });
    if (options.ui !== false) await root.register(registerUi, { library });
  });

  app.addHook("onReady", async () => {
    unsubscribe.push(
      library.onChange((change) => {
        stamp.bump();
        events.publish("library", { ...change, origin: "server" });
        linkSync?.schedule();
      }),
    );
    if (options.downloads) {
      unsubscribe.push(
        options.downloads.subscribe((event) => {
          if (event.type === "changed") events.publish("download", event.download);
          else ctx.progress(event.event);
        }),
      );
    }
    if (options.watch !== false) {
      const timings = typeof options.watch === "object" ? options.watch : {};
      try {
        watcher = await watchLibrary(library, {
          ...timings,
          onEvent: (event) => {
            stamp.bump();
            events.publish("library", { ...event, origin: "watcher" });
            linkSync?.schedule();
          },
          onWarning: (message) => app.log.warn(message),
          onError: (error) => app.log.error({ err: error }, "library watcher"),
        });
      } catch (error) {
        // Serving matters more than seeing hand edits (a watch limit reached on a huge tree ...).
        app.log.error(
          { err: error },
          "library watcher could not start: hand edits will not show until a reindex",
        );
      }
    }
  });

  app.addHook("onClose", async () => {
    for (const off of unsubscribe.splice(0)) off();
    await ctx.jobs.close();
    await watcher?.close();
    await linkSync?.close();
  });

  return app;
}
