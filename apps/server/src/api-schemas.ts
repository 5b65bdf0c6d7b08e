// TypeBox schemas shared by the /api/v1 routes: they validate requests, shape the JSON answers
// (fast serialization) and are the OpenAPI document's components.
import { type Static, type TSchema, Type } from "@fastify/type-provider-typebox";
import { IMPORT_MODES, MODEL_TYPES } from "@ml/library";

/**
 * `schema` or null, as `type: [T, "null"]`: with the validator's type coercion an `anyOf` would
 * turn a `null` into `[""]` or `""` instead of taking it as null.
 */
const Nullable = <T extends TSchema>(schema: T) => {
  const { type, ...rest } = schema as unknown as { type: string };
  return Type.Unsafe<Static<T> | null>({ ...rest, type: [type, "null"] });
};
const Str = (maxLength = 1000) => Type.String({ maxLength });

export const ErrorBody = Type.Object(
  { error: Type.String(), code: Type.String() },
  { $id: "Error", description: "Every error: a one-line message and a stable code" },
);

/** Errors any /api/v1 route may answer. */
export const errorResponses = {
  "4xx": Type.Ref("Error"),
  "5xx": Type.Ref("Error"),
} as const;

/** For POSTs whose body is all optional: no body at all reads as `{}` (a hook, before validation). */
export async function emptyBodyIsObject(request: { body: unknown }): Promise<void> {
  request.body ??= {};
}

/** A model id, or a unique prefix of one (as the CLI accepts). */
export const ModelIdParams = Type.Object({
  id: Type.String({
    pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",
    description: "Model id or unique id prefix",
  }),
});

export const ModelType = Type.Unsafe<(typeof MODEL_TYPES)[number]>({
  type: "string",
  enum: [...MODEL_TYPES],
  description: "Model type",
});

export const ImportMode = Type.Union(IMPORT_MODES.map((m) => Type.Literal(m)));

/** A model as the index holds it (list and search items). */
export const ModelItem = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    officialName: Type.Optional(Nullable(Type.String())),
    type: Type.String(),
    subtype: Type.Optional(Nullable(Type.String())),
    format: Type.String(),
    architecture: Type.Optional(Nullable(Type.String())),
    baseModel: Type.Optional(Nullable(Type.String())),
    quantization: Type.Optional(Nullable(Type.String())),
    parameterCount: Type.Optional(Nullable(Type.Number())),
    contextLength: Type.Optional(Nullable(Type.Number())),
    size: Type.Number(),
    sha256: Type.Optional(Nullable(Type.String())),
    blake3: Type.Optional(Nullable(Type.String())),
    fastHash: Type.Optional(Nullable(Type.String())),
    tags: Type.Array(Type.String()),
    repo: Type.Optional(Nullable(Type.String())),
    publisher: Type.Optional(Nullable(Type.String())),
    notes: Type.Optional(Nullable(Type.String())),
    source: Type.String(),
    path: Type.String({ description: "Model folder, relative to the library root" }),
    addedAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: "ModelItem" },
);

const FacetList = Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() }));

export const ModelList = Type.Object(
  {
    total: Type.Integer(),
    items: Type.Array(Type.Ref("ModelItem")),
    facets: Type.Optional(
      Type.Object({ type: FacetList, format: FacetList, quantization: FacetList, architecture: FacetList }),
    ),
  },
  { $id: "ModelList" },
);

const ListFilter = Type.Array(Str(200), { maxItems: 64 });

export const ModelQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 500, description: "Free text" })),
    type: Type.Optional(ListFilter),
    format: Type.Optional(ListFilter),
    architecture: Type.Optional(ListFilter),
    quantization: Type.Optional(ListFilter),
    tag: Type.Optional(Type.Array(Str(200), { maxItems: 64, description: "All of these tags" })),
    source: Type.Optional(
      Type.Union([Type.Literal("import"), Type.Literal("download"), Type.Literal("adopt")]),
    ),
    minSize: Type.Optional(Type.Integer({ minimum: 0 })),
    maxSize: Type.Optional(Type.Integer({ minimum: 0 })),
    sort: Type.Optional(
      Type.Union([
        Type.Literal("relevance"),
        Type.Literal("name"),
        Type.Literal("size"),
        Type.Literal("date"),
      ]),
    ),
    order: Type.Optional(Type.Union([Type.Literal("asc"), Type.Literal("desc")])),
    limit: Type.Integer({ minimum: 0, maximum: 1000, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 }),
    facets: Type.Boolean({
      default: true,
      description: "Add counts by type, format, quantization, architecture",
    }),
  },
  { additionalProperties: false },
);

/** A model with its metadata (snake_case, as metadata.json), overrides applied. */
export const ModelRecord = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    type: Type.String(),
    format: Type.String(),
    folder: Type.String(),
    files: Type.Array(
      Type.Object(
        {
          name: Type.String(),
          size: Type.Number(),
          sha256: Type.String(),
          blake3: Type.String(),
          path: Type.String(),
          external_path: Type.Optional(Type.String()),
        },
        { additionalProperties: true },
      ),
    ),
    overrides: Type.Record(Type.String(), Type.Unknown()),
  },
  { $id: "ModelRecord", additionalProperties: true },
);

const Opt = <T extends TSchema>(schema: T) => Type.Optional(Nullable(schema));

/** The user's fields of a model; PUT replaces them all, PATCH changes the ones given (`null` removes). */
export const Overrides = Type.Object(
  {
    name: Opt(Type.String({ minLength: 1, maxLength: 500 })),
    official_name: Opt(Str(500)),
    type: Opt(ModelType),
    subtype: Opt(Str(200)),
    family: Opt(Type.String({ minLength: 1, maxLength: 200 })),
    architecture: Opt(Str(200)),
    base_model: Opt(Str(500)),
    quantization: Opt(Str(100)),
    parameter_count: Opt(Type.Integer({ minimum: 0 })),
    context_length: Opt(Type.Integer({ minimum: 0 })),
    tags: Opt(Type.Array(Str(200), { maxItems: 200 })),
    notes: Opt(Str(100_000)),
  },
  { additionalProperties: false, $id: "Overrides" },
);

/** Any JSON object (results whose shape belongs to @ml/library and @ml/mapper). */
export const Json = Type.Record(Type.String(), Type.Unknown());

/** Result of re-identification. */
export const ReidentifyResult = Type.Object(
  {
    updated: Type.Array(Type.String()),
    unchanged: Type.Array(Type.String()),
    failed: Type.Array(Type.Object({ id: Type.String(), reason: Type.String() })),
  },
  { $id: "ReidentifyResult" },
);

/** Schemas referenced by `$ref` (`Type.Ref(name)`): added to the server once, OpenAPI components. */
export const SHARED_SCHEMAS = [ErrorBody, ModelItem, ModelList, ModelRecord, Overrides, ReidentifyResult];
