import { isAbsolute } from "node:path";
import { Type, type TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { OverridesPatch, SearchQuery } from "@ml/library";
import type { FastifyInstance } from "fastify";
import { errorResponses, ImportMode, ModelIdParams, ModelQuery, ModelType } from "../api-schemas.js";
import { searchKey } from "../search-key.js";
import type { ServerContext } from "../server-context.js";
import { ServerError } from "../server-error.js";

const TAG = "models";

/** List, search, show, import, remove, re-identify and edit models. */
export async function registerModelRoutes(fastify: FastifyInstance, ctx: ServerContext): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { library } = ctx;

  app.get(
    "/api/v1/models",
    {
      schema: {
        tags: [TAG],
        summary: "List or search models",
        description:
          "Full-text `q` with filters (any of the values of one filter, every filter), sorted and paged. " +
          "`facets` counts the matches by type, format, quantization and architecture; a field's own filter " +
          "is left out of its counts (they say what choosing another value would give).",
        querystring: ModelQuery,
        response: { 200: Type.Ref("ModelList"), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { q, facets, ...rest } = request.query;
      const query: SearchQuery = { ...rest, query: q ?? "" };
      // The answer is kept serialized: a repeated search costs a lookup, not a search and a stringify.
      const json = ctx.searches(`${searchKey(query, true)}${facets}`, () => {
        const result = library.search(query);
        return reply.serialize(facets ? { ...result, facets: ctx.facets(query) } : result) as string;
      });
      return reply.type("application/json; charset=utf-8").send(json);
    },
  );

  app.get(
    "/api/v1/models/:id",
    {
      schema: {
        tags: [TAG],
        summary: "Show a model",
        params: ModelIdParams,
        response: { 200: Type.Ref("ModelRecord"), ...errorResponses },
      },
    },
    async (request) => library.get(request.params.id),
  );

  app.delete(
    "/api/v1/models/:id",
    {
      schema: {
        tags: [TAG],
        summary: "Remove a model",
        description:
          "Its folder goes (for an in-place model only its metadata: never the user's file); its app links first.",
        params: ModelIdParams,
        response: { 200: Type.Object({ id: Type.String(), folder: Type.String() }), ...errorResponses },
      },
    },
    async (request) => library.remove(request.params.id),
  );

  app.post(
    "/api/v1/import",
    {
      schema: {
        tags: [TAG],
        summary: "Import files or folders by path",
        description:
          "Paths on the server's machine (absolute). Answers when done; progress goes to the event stream " +
          "(`progress` events). Refusals are listed in `skipped` with a stable `code`.",
        body: Type.Object(
          {
            paths: Type.Array(Type.String({ minLength: 1, maxLength: 4096 }), { minItems: 1, maxItems: 100 }),
            mode: Type.Optional(ImportMode),
            type: Type.Optional(ModelType),
            allowPickle: Type.Optional(Type.Boolean()),
            tags: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 })),
            notes: Type.Optional(Type.String({ maxLength: 100_000 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            imported: Type.Array(
              Type.Object({
                id: Type.String(),
                path: Type.String(),
                sha256: Type.String(),
                folder: Type.String(),
              }),
            ),
            skipped: Type.Array(
              Type.Object({
                path: Type.String(),
                reason: Type.String(),
                code: Type.String(),
                existingId: Type.Optional(Type.String()),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { paths, ...options } = request.body;
      const relative = paths.find((p) => !isAbsolute(p));
      if (relative !== undefined) {
        throw new ServerError("BAD_PATH", 400, `import paths must be absolute: ${relative}`);
      }
      return library.import(paths, { ...options, onProgress: ctx.progress });
    },
  );

  app.post(
    "/api/v1/models/:id/reidentify",
    {
      schema: {
        tags: [TAG],
        summary: "Identify a model again",
        description:
          "Rewrites the identified fields of metadata.json; ids, hashes, tags, notes and overrides stay.",
        params: ModelIdParams,
        response: { 200: Type.Ref("ReidentifyResult"), ...errorResponses },
      },
    },
    async (request) => library.reidentify(request.params.id),
  );

  app.post(
    "/api/v1/reidentify",
    {
      schema: {
        tags: [TAG],
        summary: "Identify every model again",
        response: { 200: Type.Ref("ReidentifyResult"), ...errorResponses },
      },
    },
    async () => library.reidentify(),
  );

  app.get(
    "/api/v1/models/:id/overrides",
    {
      schema: {
        tags: [TAG],
        summary: "The user's edits of a model",
        params: ModelIdParams,
        response: { 200: Type.Ref("Overrides"), ...errorResponses },
      },
    },
    async (request) => (await library.get(request.params.id)).overrides,
  );

  const setOverrides = (replace: boolean) => async (request: { params: { id: string }; body: unknown }) => {
    const body = request.body as OverridesPatch;
    let patch: OverridesPatch = body;
    if (replace) {
      // PUT: what the body leaves out is no longer overridden.
      const current = (await library.get(request.params.id)).overrides;
      patch = { ...Object.fromEntries(Object.keys(current).map((key) => [key, null])), ...body };
    }
    return library.setOverrides(request.params.id, patch);
  };
  const overridesSchema = (summary: string) => ({
    tags: [TAG],
    summary,
    params: ModelIdParams,
    body: Type.Ref("Overrides"),
    response: { 200: Type.Ref("ModelRecord"), ...errorResponses },
  });
  app.put(
    "/api/v1/models/:id/overrides",
    { schema: overridesSchema("Replace the user's edits (fields left out are no longer overridden)") },
    setOverrides(true),
  );
  app.patch(
    "/api/v1/models/:id/overrides",
    { schema: overridesSchema("Change some of the user's edits (`null` removes one)") },
    setOverrides(false),
  );
}
