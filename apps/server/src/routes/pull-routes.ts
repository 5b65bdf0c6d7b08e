import { Type, type TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { errorResponses } from "../api-schemas.js";
import type { Downloads } from "../downloads.js";
import type { ServerContext } from "../server-context.js";
import { ServerError } from "../server-error.js";

const TAG = "pulls";

const Download = Type.Object(
  {
    id: Type.String(),
    spec: Type.String(),
    revision: Type.Optional(Type.String()),
    state: Type.Union(
      ["queued", "running", "paused", "failed", "done", "cancelled"].map((s) => Type.Literal(s)),
    ),
    bytesDone: Type.Number(),
    bytesTotal: Type.Optional(Type.Number()),
    reason: Type.Optional(Type.String()),
    code: Type.Optional(Type.String()),
    createdAt: Type.Number(),
    updatedAt: Type.Number(),
    modelIds: Type.Optional(Type.Array(Type.String())),
  },
  { $id: "Download" },
);

const PullParams = Type.Object({ id: Type.String({ pattern: "^[A-Za-z0-9_-]{1,64}$" }) });

/**
 * Pulls from Hugging Face through the `Downloads` the server was given: start, pause, resume,
 * cancel, list. Their state changes and progress go to the event stream (`download`, `progress`).
 * 503 NO_DOWNLOADS when the server runs without one.
 */
export async function registerPullRoutes(fastify: FastifyInstance, ctx: ServerContext): Promise<void> {
  fastify.addSchema(Download);
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const downloads = (): Downloads => {
    if (!ctx.downloads)
      throw new ServerError("NO_DOWNLOADS", 503, "this server was started without downloads");
    return ctx.downloads;
  };

  app.get(
    "/api/v1/pulls",
    {
      schema: {
        tags: [TAG],
        summary: "Downloads, in the queue's order",
        response: { 200: Type.Object({ items: Type.Array(Type.Ref("Download")) }), ...errorResponses },
      },
    },
    async () => ({ items: await downloads().list() }),
  );

  app.post(
    "/api/v1/pulls",
    {
      schema: {
        tags: [TAG],
        summary: "Start a pull",
        description: "`spec`: `org/repo`, `org/repo:Q4_K_M` (one quantization) or `org/repo/path/file.gguf`.",
        body: Type.Object(
          {
            spec: Type.String({ minLength: 3, maxLength: 500 }),
            revision: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref("Download"), ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await downloads().start(request.body)),
  );

  for (const action of ["pause", "resume", "cancel"] as const) {
    app.post(
      `/api/v1/pulls/:id/${action}`,
      {
        schema: {
          tags: [TAG],
          summary: `${action[0]?.toUpperCase()}${action.slice(1)} a pull`,
          params: PullParams,
          response: { 200: Type.Ref("Download"), ...errorResponses },
        },
      },
      async (request) => downloads()[action](request.params.id),
    );
  }
}
