import { Type, type TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { VerifyReport } from "@ml/library";
import type { FastifyInstance } from "fastify";
import { emptyBodyIsObject, errorResponses } from "../api-schemas.js";
import type { ServerContext } from "../server-context.js";

const TAG = "jobs";

const Job = Type.Object(
  {
    id: Type.String(),
    kind: Type.String(),
    state: Type.Union(["running", "done", "failed", "cancelled"].map((s) => Type.Literal(s))),
    startedAt: Type.String(),
    finishedAt: Type.Optional(Type.String()),
    result: Type.Optional(Type.Unknown()),
    error: Type.Optional(Type.Ref("Error")),
  },
  { $id: "Job" },
);

const JobParams = Type.Object({ id: Type.String({ pattern: "^[a-z]+-[0-9]{1,12}$" }) });

/**
 * Verify (re-hashing: minutes for a large library) runs as a job: `POST /api/v1/verify` answers
 * 202 with the job at once; `progress` events (id = the job id) and a `job` event when it ends
 * go to the event stream; `GET /api/v1/jobs/{id}` has the report.
 */
export async function registerJobRoutes(fastify: FastifyInstance, ctx: ServerContext): Promise<void> {
  fastify.addSchema(Job);
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { library, jobs } = ctx;

  app.post(
    "/api/v1/verify",
    {
      schema: {
        tags: [TAG],
        summary: "Verify models (a job)",
        description:
          "Re-hashes all models, or `ids` (ids or unique prefixes), against metadata. Answers 202 with the job; " +
          "its `result` is `{models, ok, corrupt, missing}`.",
        body: Type.Object(
          { ids: Type.Optional(Type.Array(Type.String({ maxLength: 128 }), { maxItems: 10_000 })) },
          { additionalProperties: false },
        ),
        response: { 202: Type.Ref("Job"), ...errorResponses },
      },
      preValidation: emptyBodyIsObject,
    },
    async (request, reply) => {
      const ids = request.body.ids;
      const job = jobs.start(
        "verify",
        ({ id, signal }) =>
          library.verify(ids?.length ? ids : undefined, {
            signal,
            // The library names every verify "verify": the job id tells concurrent ones apart.
            onProgress: (event) => ctx.progress({ ...event, id }),
          }),
        (result) => {
          const { ok, corrupt, missing } = result as VerifyReport;
          return { ok, corrupt, missing };
        },
      );
      return reply.code(202).send(job);
    },
  );

  app.get(
    "/api/v1/jobs",
    {
      schema: {
        tags: [TAG],
        summary: "Recent jobs, newest first",
        response: { 200: Type.Object({ items: Type.Array(Type.Ref("Job")) }), ...errorResponses },
      },
    },
    async () => ({ items: jobs.list() }),
  );

  app.get(
    "/api/v1/jobs/:id",
    {
      schema: {
        tags: [TAG],
        summary: "A job and, once done, its result",
        params: JobParams,
        response: { 200: Type.Ref("Job"), ...errorResponses },
      },
    },
    async (request) => jobs.get(request.params.id),
  );

  app.delete(
    "/api/v1/jobs/:id",
    {
      schema: {
        tags: [TAG],
        summary: "Cancel a running job",
        params: JobParams,
        response: { 200: Type.Ref("Job"), ...errorResponses },
      },
    },
    async (request) => jobs.cancel(request.params.id),
  );
}
