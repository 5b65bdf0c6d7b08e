import { Type, type TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { detectApps, listProfiles } from "@ml/library";
import type { FastifyInstance } from "fastify";
import { errorResponses, Json } from "../api-schemas.js";
import { runDoctor } from "../run-doctor.js";
import type { ServerContext } from "../server-context.js";

const TAG = "library";

const Bucket = Type.Object({
  value: Type.Union([Type.String(), Type.Null()]),
  count: Type.Integer(),
  size: Type.Number(),
});

/** Health, statistics, doctor, reindex, and the apps mlib can link into. */
export async function registerSystemRoutes(fastify: FastifyInstance, ctx: ServerContext): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { library } = ctx;

  app.get(
    "/api/v1/health",
    {
      schema: {
        tags: [TAG],
        summary: "The server is up",
        response: {
          200: Type.Object({
            ok: Type.Boolean(),
            root: Type.String(),
            models: Type.Integer(),
            downloads: Type.Boolean(),
          }),
          ...errorResponses,
        },
      },
    },
    async () => ({
      ok: true,
      root: ctx.root,
      models: library.list({ limit: 0 }).total,
      downloads: ctx.downloads !== undefined,
    }),
  );

  app.get(
    "/api/v1/stats",
    {
      schema: {
        tags: [TAG],
        summary: "Counts and sizes, in total and by type, architecture, format and quantization",
        response: {
          200: Type.Object({
            count: Type.Integer(),
            totalSize: Type.Number(),
            byType: Type.Array(Bucket),
            byArchitecture: Type.Array(Bucket),
            byFormat: Type.Array(Bucket),
            byQuantization: Type.Array(Bucket),
          }),
          ...errorResponses,
        },
      },
    },
    async () => library.stats(),
  );

  app.get(
    "/api/v1/doctor",
    {
      schema: {
        tags: [TAG],
        summary: "Check the library and its index",
        description: "Each check is ok, warn or fail, with a hint; `ok` is false when one failed.",
        response: {
          200: Type.Object({
            ok: Type.Boolean(),
            checks: Type.Array(
              Type.Object({
                name: Type.String(),
                status: Type.Union([Type.Literal("ok"), Type.Literal("warn"), Type.Literal("fail")]),
                message: Type.String(),
                hint: Type.Optional(Type.String()),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async () => runDoctor(library),
  );

  app.post(
    "/api/v1/reindex",
    {
      schema: {
        tags: [TAG],
        summary: "Rebuild the index from the metadata.json files",
        response: {
          200: Type.Object({ count: Type.Integer(), warnings: Type.Array(Type.String()) }),
          ...errorResponses,
        },
      },
    },
    async () => {
      const result = await library.reindex();
      ctx.stamp.bump();
      ctx.events.publish("library", { kind: "reindexed", count: result.count, origin: "server" });
      return result;
    },
  );

  app.get(
    "/api/v1/apps",
    {
      schema: {
        tags: [TAG],
        summary: "Apps found on this machine, and every app mlib can link into",
        response: {
          200: Type.Object({
            detected: Type.Array(
              Type.Object({
                app: Type.String(),
                name: Type.String(),
                target: Type.String(),
                via: Type.String(),
              }),
            ),
            profiles: Type.Array(Json),
          }),
          ...errorResponses,
        },
      },
    },
    async () => ({ detected: await detectApps(), profiles: [...listProfiles()] }),
  );
}
