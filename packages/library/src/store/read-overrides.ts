import { join } from "node:path";
import { describeZodError } from "./describe-zod-error.js";
import { LibraryError } from "./library-error.js";
import { type ModelOverrides, modelOverridesSchema, OVERRIDES_FILE } from "./metadata-schema.js";
import { readJson } from "./read-json.js";

/** The user's edits in `<folder>/overrides.json`; `{}` when there are none. Throws BAD_OVERRIDES naming the file. */
export async function readOverrides(folder: string): Promise<ModelOverrides> {
  const file = join(folder, OVERRIDES_FILE);
  let json: unknown;
  try {
    json = await readJson(file, "BAD_OVERRIDES");
  } catch (error) {
    if (error instanceof LibraryError && error.code === "NOT_FOUND") return {};
    throw error;
  }
  const parsed = modelOverridesSchema.safeParse(json);
  if (!parsed.success) {
    throw new LibraryError("BAD_OVERRIDES", `${file}: ${describeZodError(parsed.error)}`, { path: file });
  }
  return parsed.data;
}
