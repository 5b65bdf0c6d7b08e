import { isAbsolute } from "node:path";
import { Type, type TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { checkLibraryLinks, linkApp, repairLibraryLinks, type Strategy, unlinkApp } from "@ml/library";
import type { FastifyInstance } from "fastify";
import { emptyBodyIsObject, errorResponses, Json, ModelType } from "../api-schemas.js";
import type { ServerContext } from "../server-context.js";
import { ServerError } from "../server-error.js";

const TAG = "links";

const App = Type.String({
  minLength: 1,
  maxLength: 50,
  description: "comfyui, a1111, forge, lmstudio, ollama, llamacpp",
});
const Target = Type.String({
  minLength: 1,
  maxLength: 4096,
  description: "The app's home folder on the server's machine (absolute)",
});
const LinkRequest = Type.Object(
  {
    app: App,
    target: Target,
    strategy: Type.Optional(
      Type.Union(["auto", "reflink", "hardlink", "symlink", "copy", "config"].map((s) => Type.Literal(s))),
    ),
    only: Type.Optional(Type.Array(ModelType, { maxItems: 20 })),
    onConflict: Type.Optional(Type.Union([Type.Literal("skip"), Type.Literal("rename")])),
  },
  { additionalProperties: false },
);

function absoluteTarget(target: string): string {
  if (!isAbsolute(target))
    throw new ServerError("BAD_PATH", 400, `target must be an absolute path: ${target}`);
  return target;
}

/** Links into apps: plan (a dry run), apply, check, repair, unlink (the library's link functions). */
export async function registerLinkRoutes(fastify: FastifyInstance, ctx: ServerContext): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { library } = ctx;

  for (const [action, dryRun] of [
    ["plan", true],
    ["apply", false],
  ] as const) {
    app.post(
      `/api/v1/links/${action}`,
      {
        schema: {
          tags: [TAG],
          summary: dryRun ? "Plan links into an app (nothing is written)" : "Link the library into an app",
          description:
            "Makes every library model the app can use visible in it; links of models no longer in the library go. " +
            (dryRun ? "Answers `{plan}`." : "Answers `{plan, applied}`."),
          body: LinkRequest,
          response: { 200: Json, ...errorResponses },
        },
      },
      async (request) => {
        const { strategy, ...rest } = request.body;
        return linkApp(library, {
          ...rest,
          target: absoluteTarget(request.body.target),
          ...(strategy ? { strategy: strategy as Strategy } : {}),
          dryRun,
        });
      },
    );
  }

  app.get(
    "/api/v1/links/check",
    {
      schema: {
        tags: [TAG],
        summary: "Health of every link mlib made",
        description:
          "Each link is ok, missing, dangling, replaced, modified or config-missing. `deep` hashes copies.",
        querystring: Type.Object({ deep: Type.Boolean({ default: false }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            links: Type.Array(Json),
            counts: Type.Record(Type.String(), Type.Integer()),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const links = await checkLibraryLinks(library, { deep: request.query.deep });
      const counts: Record<string, number> = {};
      for (const link of links) counts[link.status] = (counts[link.status] ?? 0) + 1;
      return { links, counts };
    },
  );

  app.post(
    "/api/v1/links/repair",
    {
      schema: {
        tags: [TAG],
        summary: "Recreate broken links; forget links of models no longer in the library",
        body: Type.Object({ deep: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: Json, ...errorResponses },
      },
      preValidation: emptyBodyIsObject,
    },
    async (request) => repairLibraryLinks(library, { deep: request.body.deep ?? false }),
  );

  app.delete(
    "/api/v1/links/:app",
    {
      schema: {
        tags: [TAG],
        summary: "Remove every link mlib made into an app (at one target, or all)",
        params: Type.Object({ app: App }),
        querystring: Type.Object({ target: Type.Optional(Target) }, { additionalProperties: false }),
        response: { 200: Json, ...errorResponses },
      },
    },
    async (request) => {
      const { target } = request.query;
      return unlinkApp(
        library,
        request.params.app,
        target === undefined ? undefined : absoluteTarget(target),
      );
    },
  );
}
