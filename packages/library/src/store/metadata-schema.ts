// The schema of metadata.json (the source of truth for one model) and overrides.json (the
// user's edits, merged over it on read). snake_case keys, as DESIGN §3 lists them.
import { isAbsolute } from "node:path";
import { z } from "zod";
import type { ModelFormat, ModelType } from "../identify/types.js";

export const METADATA_FILE = "metadata.json";
export const OVERRIDES_FILE = "overrides.json";
export const METADATA_SCHEMA_VERSION = 1;

export const MODEL_TYPES = [
  "llm",
  "vlm",
  "embedding",
  "reranker",
  "diffusion",
  "lora",
  "vae",
  "text-encoder",
  "controlnet",
  "upscaler",
  "audio",
  "vision",
  "unknown",
] as const satisfies readonly ModelType[];

const MODEL_FORMATS = [
  "gguf",
  "ggml",
  "safetensors",
  "pickle",
  "onnx",
  "diffusers",
  "hf-repo",
  "unknown",
] as const satisfies readonly ModelFormat[];

// Compile-time check that the lists above name every member of the unions.
type Missing<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : Exclude<All, Listed>;
const _allTypes: Missing<ModelType, (typeof MODEL_TYPES)[number]> = true;
const _allFormats: Missing<ModelFormat, (typeof MODEL_FORMATS)[number]> = true;
void _allTypes;
void _allFormats;

export const IMPORT_MODES = ["copy", "move", "hardlink", "in-place"] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

/** Model ids: lowercase slug, a dash, then at least 8 hex digits of the primary file's sha256. */
export const MODEL_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}-[0-9a-f]{8,64}(?:-[0-9]+)?$/;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex digits");

/** A payload path relative to the model folder, `/`-separated, that cannot climb out of it. */
const relativeFileName = z
  .string()
  .min(1)
  .refine(
    (name) =>
      !name.startsWith("/") &&
      !/[\\\0]/.test(name) &&
      name.split("/").every((part) => part !== "" && part !== "." && part !== ".."),
    "must be a relative path inside the model folder",
  )
  .refine((name) => name !== METADATA_FILE && name !== OVERRIDES_FILE, "is a reserved file name");

export const modelFileSchema = z.object({
  name: relativeFileName,
  size: z.number().int().nonnegative(),
  sha256: hex64,
  blake3: hex64,
  /** Set for in-place imports: the absolute path of the file, registered where it is. */
  external_path: z.string().refine(isAbsolute, "must be an absolute path").optional(),
});

export const modelSourceSchema = z.object({
  kind: z.enum(["import", "download", "adopt"]),
  /** Where the files came from on disk (import, adopt). */
  path: z.string().optional(),
  /** How the files came in. */
  mode: z.enum(IMPORT_MODES).optional(),
  /** Hugging Face repo id, revision asked for, commit resolved, file in the repo (download). */
  repo: z.string().optional(),
  revision: z.string().optional(),
  commit: z.string().optional(),
  file: z.string().optional(),
});

const evidenceSchema = z.object({
  source: z.string(),
  detail: z.string(),
  strength: z.enum(["strong", "medium", "weak"]),
});

const nullableString = z.string().nullable().default(null);
const nullableCount = z.number().int().nonnegative().nullable().default(null);

const metadataShape = {
  schema_version: z.literal(METADATA_SCHEMA_VERSION),
  id: z.string().regex(MODEL_ID_PATTERN, "is not a model id"),
  name: z.string().min(1),
  /** The name the file itself gives (GGUF general.name), when it gives one. */
  official_name: nullableString,
  type: z.enum(MODEL_TYPES),
  subtype: nullableString,
  /** Folder grouping: the normalized architecture, else base model, else "unknown". */
  family: z.string().min(1),
  architecture: nullableString,
  base_model: nullableString,
  /** How a diffusion model is packed: "checkpoint", "transformer", "unet", ...; links pick folders by it. */
  packaging: nullableString,
  format: z.enum(MODEL_FORMATS),
  quantization: nullableString,
  parameter_count: nullableCount,
  context_length: nullableCount,
  /** Every payload file; the first is the primary file. */
  files: z.array(modelFileSchema).min(1),
  /** Hashes of the primary file. */
  sha256: hex64,
  blake3: hex64,
  /** @ml/hashing fastHash of the primary file, for cheap duplicate checks. */
  fast_hash: z.string().regex(/^fh\d+:[0-9a-f]{64}$/),
  /** Bytes of all payload files. */
  size: z.number().int().nonnegative(),
  shards: z
    .object({ total: z.number().int().positive(), complete: z.boolean(), files: z.array(z.string()) })
    .nullable()
    .default(null),
  source: modelSourceSchema,
  added_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  tags: z.array(z.string()).default([]),
  notes: z.string().default(""),
  identification: z
    .object({ confidence: z.number().min(0).max(1), evidence: z.array(evidenceSchema) })
    .default({ confidence: 0, evidence: [] }),
  /** "pickle" when loading the payload can run code. */
  unsafe: z.literal("pickle").nullable().default(null),
};

/**
 * Validates metadata.json. Unknown keys (written by a later mlib with the same schema version)
 * are kept, so rewriting the file never drops them; the type lists only the known ones.
 */
export const modelMetadataSchema = z.looseObject(metadataShape) as unknown as z.ZodType<
  z.infer<z.ZodObject<typeof metadataShape>>,
  z.input<z.ZodObject<typeof metadataShape>>
>;

export type ModelMetadata = z.infer<typeof modelMetadataSchema>;
export type ModelFile = z.infer<typeof modelFileSchema>;
export type ModelSource = z.infer<typeof modelSourceSchema>;

const overrideFields = {
  name: z.string().min(1),
  official_name: z.string().nullable(),
  type: z.enum(MODEL_TYPES),
  subtype: z.string().nullable(),
  family: z.string().min(1),
  architecture: z.string().nullable(),
  base_model: z.string().nullable(),
  quantization: z.string().nullable(),
  parameter_count: z.number().int().nonnegative().nullable(),
  context_length: z.number().int().nonnegative().nullable(),
  tags: z.array(z.string()),
  notes: z.string(),
};

/** overrides.json: any of these fields; an unknown key is an error (a typo must not be ignored). */
export const modelOverridesSchema = z.strictObject(overrideFields).partial();
export type ModelOverrides = z.infer<typeof modelOverridesSchema>;

/** A change to overrides.json: a value sets the field, `null` removes the override. */
export const overridesPatchSchema = z.strictObject(
  Object.fromEntries(Object.entries(overrideFields).map(([k, v]) => [k, v.nullable().optional()])) as {
    [K in keyof typeof overrideFields]: z.ZodOptional<z.ZodNullable<(typeof overrideFields)[K]>>;
  },
);
export type OverridesPatch = z.infer<typeof overridesPatchSchema>;
