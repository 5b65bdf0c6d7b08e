import { dirname, join } from "node:path";
import { writeJsonAtomic } from "@ml/progress";
import { identifyPath } from "../identify/identify-path.js";
import { identifiedFields } from "../import/build-metadata.js";
import type { LibraryContext } from "../store/library-context.js";
import { listAllModels } from "../store/list-all-models.js";
import { loadModel } from "../store/load-model.js";
import { METADATA_FILE, type ModelMetadata } from "../store/metadata-schema.js";
import type { ModelRecord } from "../store/model-record.js";
import { readMetadata } from "../store/read-metadata.js";
import { resolveModelId } from "../store/resolve-model-id.js";
import { updateModel } from "../store/update-model.js";

export interface ReidentifyResult {
  /** Models whose identified fields changed (metadata.json rewritten). */
  updated: string[];
  unchanged: string[];
  failed: Array<{ id: string; reason: string }>;
}

/** Config files that make a model a folder model (identified as a whole). */
const FOLDER_MARKERS = new Set(["model_index.json", "config.json", "adapter_config.json"]);

/**
 * Runs identification again on one model or all (after mlib learns new formats) and rewrites the
 * fields it decides: type, architecture, quantization, ... Ids, names, hashes, tags, notes and
 * the user's overrides.json are never touched; overrides keep winning on read.
 */
export async function reidentifyModels(ctx: LibraryContext, idOrPrefix?: string): Promise<ReidentifyResult> {
  const ids =
    idOrPrefix === undefined ? listAllModels(ctx.index).map((m) => m.id) : [resolveModelId(ctx, idOrPrefix)];
  const result: ReidentifyResult = { updated: [], unchanged: [], failed: [] };
  for (const id of ids.sort()) {
    try {
      const changed = await ctx.withLock(async () => {
        const record = await loadModel(ctx, id);
        const identification = await identifyPath(identifyTarget(record));
        const metadata = await readMetadata(record.folder);
        const fresh = identifiedFields(identification, record.files[0]?.name ?? "");
        if (sameFields(metadata, fresh)) return false;
        const next: ModelMetadata = { ...metadata, ...fresh, updated_at: new Date().toISOString() };
        await updateModel(ctx, record, () => writeJsonAtomic(join(record.folder, METADATA_FILE), next));
        return true;
      });
      if (changed) {
        result.updated.push(id);
        ctx.emitChange({ kind: "updated", id });
      } else {
        result.unchanged.push(id);
      }
    } catch (error) {
      result.failed.push({ id, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return result;
}

/** What to identify: the model's folder (or, in place, the folder it was imported from) or its primary file. */
function identifyTarget(record: ModelRecord): string {
  const primary = record.files[0] as ModelRecord["files"][number];
  if (!record.files.some((f) => FOLDER_MARKERS.has(f.name))) return primary.path;
  if (primary.external_path === undefined) return record.folder;
  // In place, the folder is where the files are: strip the primary's relative name from its path.
  let dir = dirname(primary.external_path);
  for (let depth = primary.name.split("/").length - 1; depth > 0; depth--) dir = dirname(dir);
  return dir;
}

function sameFields(metadata: ModelMetadata, fresh: Partial<ModelMetadata>): boolean {
  return Object.entries(fresh).every(
    ([key, value]) => JSON.stringify(metadata[key as keyof ModelMetadata]) === JSON.stringify(value),
  );
}
