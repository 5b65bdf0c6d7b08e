import { rm } from "node:fs/promises";
import { join } from "node:path";
import { writeJsonAtomic } from "@ml/progress";
import { describeZodError } from "./describe-zod-error.js";
import type { LibraryContext } from "./library-context.js";
import { LibraryError } from "./library-error.js";
import { loadModel } from "./load-model.js";
import { modelOverridesSchema, OVERRIDES_FILE, overridesPatchSchema } from "./metadata-schema.js";
import type { ModelRecord } from "./model-record.js";
import { resolveModelId } from "./resolve-model-id.js";
import { updateModel } from "./update-model.js";

/**
 * Applies the user's edits to a model (overrides.json): a value sets a field, `null` removes its
 * override (the identified value shows again). Re-identification never touches these.
 */
export async function setOverrides(
  ctx: LibraryContext,
  idOrPrefix: string,
  patch: unknown,
): Promise<ModelRecord> {
  const parsed = overridesPatchSchema.safeParse(patch);
  if (!parsed.success) {
    throw new LibraryError("BAD_OVERRIDES", `overrides for ${idOrPrefix}: ${describeZodError(parsed.error)}`);
  }
  const updated = await ctx.withLock(async () => {
    const record = await loadModel(ctx, resolveModelId(ctx, idOrPrefix));
    const next: Record<string, unknown> = { ...record.overrides };
    for (const [key, value] of Object.entries(parsed.data)) {
      if (value === null) delete next[key];
      else if (value !== undefined) next[key] = key === "tags" ? [...new Set(value as string[])] : value;
    }
    const overrides = modelOverridesSchema.parse(next);
    const file = join(record.folder, OVERRIDES_FILE);
    return updateModel(ctx, record, () =>
      Object.keys(overrides).length === 0 ? rm(file, { force: true }) : writeJsonAtomic(file, overrides),
    );
  });
  ctx.emitChange({ kind: "updated", id: updated.id });
  return updated;
}
