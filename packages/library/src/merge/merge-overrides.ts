// A duplicate's user fields: the destination's copy stays, and the source's edits fill in what
// the destination's lacks. Applying is idempotent, so recovery can do it again.
import { join } from "node:path";
import { writeJsonAtomic } from "@ml/progress";
import { type ModelOverrides, modelOverridesSchema, OVERRIDES_FILE } from "../store/metadata-schema.js";
import type { ModelRecord } from "../store/model-record.js";
import { readOverrides } from "../store/read-overrides.js";

/**
 * The source's overrides the destination has no value for, its notes when the destination has
 * none, and the union of both tag lists when the source adds tags. Empty when nothing is new.
 */
export function overridesToCarry(destination: ModelRecord, source: ModelRecord): ModelOverrides {
  const patch: Record<string, unknown> = {};
  const has = destination.overrides as Record<string, unknown>;
  for (const [key, value] of Object.entries(source.overrides)) {
    if (key !== "tags" && key !== "notes" && value !== undefined && has[key] === undefined)
      patch[key] = value;
  }
  if (destination.notes === "" && source.notes !== "") patch.notes = source.notes;
  const tags = [...new Set([...destination.tags, ...source.tags])];
  if (tags.length > destination.tags.length) patch.tags = tags;
  return modelOverridesSchema.parse(patch);
}

/** Writes `patch` into `folder`'s overrides.json for the fields it does not set yet (tags: the union). */
export async function applyCarriedOverrides(folder: string, patch: ModelOverrides): Promise<void> {
  const current = await readOverrides(folder);
  const next: ModelOverrides = { ...patch, ...current };
  if (patch.tags) next.tags = [...new Set([...(current.tags ?? []), ...patch.tags])];
  if (JSON.stringify(next) === JSON.stringify(current)) return;
  await writeJsonAtomic(join(folder, OVERRIDES_FILE), next);
}
