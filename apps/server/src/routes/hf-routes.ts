import { join } from "node:path";
import { Type, type TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { createHubFetch, resolveHfConfig, searchModels } from "@ml/library";
import type { FastifyInstance } from "fastify";
import { errorResponses } from "../api-schemas.js";
import type { ServerContext } from "../server-context.js";

const Item = Type.Object({
  repo: Type.String(),
  downloads: Type.Number(),
  likes: Type.Number(),
  updatedAt: Type.String(),
  task: Type.Optional(Type.String()),
  formats: Type.Array(Type.String()),
  quantizations: Type.Array(Type.String()),
  gated: Type.Union([Type.Literal(false), Type.String()]),
});

/**
 * Hugging Face search for the UI's pull page, through `@ml/hf` (HF_ENDPOINT, HF_TOKEN and
 * HF_HUB_OFFLINE of the server's environment): cached in the library for 24 h, and answered from
 * that cache, marked stale, when offline.
 */
export async function registerHfRoutes(
  fastify: FastifyInstance,
  ctx: ServerContext & { env?: NodeJS.ProcessEnv },
): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const hub = createHubFetch(resolveHfConfig(ctx.env ?? process.env));
  app.get(
    "/api/v1/hf/search",
    {
      schema: {
        tags: ["hugging face"],
        summary: "Search the hub's models; formats and quantizations on offer",
        querystring: Type.Object({
          q: Type.String({ maxLength: 200 }),
          format: Type.Optional(Type.String({ maxLength: 40 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(Item), stale: Type.Boolean() }), ...errorResponses },
      },
    },
    async (request) => {
      const { q, format, limit } = request.query;
      const result = await searchModels(
        { query: q, format, limit: limit ?? 20 },
        { hub, cacheDb: join(ctx.library.paths.state, "hf-cache.db") },
      );
      return { items: result.items, stale: result.stale };
    },
  );
}
