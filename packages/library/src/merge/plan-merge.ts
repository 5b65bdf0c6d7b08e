// What merging a library would do to each of its models, decided from the metadata files and
// this library's index alone (no hashing): the dry run prints it, the merge carries it out,
// deciding again at each commit (the destination may have changed meanwhile).
import { stat } from "node:fs/promises";
import type { LinkRecord } from "@ml/mapper";
import { findModelWithFiles } from "../import/find-duplicate.js";
import type { LibraryContext } from "../store/library-context.js";
import { LibraryError } from "../store/library-error.js";
import type { LibraryPaths } from "../store/library-paths.js";
import type { ModelMetadata, ModelOverrides } from "../store/metadata-schema.js";
import { assignModelId } from "../store/model-id.js";
import { type ModelRecord, toModelRecord } from "../store/model-record.js";
import { readMetadata } from "../store/read-metadata.js";
import { readOverrides } from "../store/read-overrides.js";
import { scanModelFolders } from "../store/scan-model-folders.js";
import type { MergePlanEntry } from "./merge-types.js";

/** A readable model of the source library. */
export interface SourceModel {
  folder: string;
  metadata: ModelMetadata;
  overrides: ModelOverrides;
  /** Metadata with overrides applied, file paths resolved. */
  record: ModelRecord;
}

export interface PlannedModel {
  entry: MergePlanEntry;
  /** Absent for a skip. */
  model?: SourceModel;
}

export type Classification =
  | { action: "duplicate"; id: string }
  | { action: "move" | "conflict"; id: string };

/**
 * One entry per model folder of `source`, in path order. `links` are the source's link records
 * (counted per model). Reads only.
 */
export async function planMerge(
  ctx: LibraryContext,
  source: LibraryPaths,
  links: readonly LinkRecord[],
): Promise<PlannedModel[]> {
  const linkCount = new Map<string, number>();
  for (const link of links) linkCount.set(link.modelId, (linkCount.get(link.modelId) ?? 0) + 1);
  const seen = new Set<string>();
  /** Ids given to models planned before, which the index does not know yet. */
  const claimed = new Set<string>();
  const planned: PlannedModel[] = [];
  for (const { path: folder, hasOverrides } of await scanModelFolders(source.root)) {
    let model: SourceModel;
    try {
      const metadata = await readMetadata(folder);
      const overrides = hasOverrides ? await readOverrides(folder) : {};
      model = { folder, metadata, overrides, record: toModelRecord(metadata, overrides, folder) };
    } catch (error) {
      if (!(error instanceof LibraryError)) throw error;
      if (error.code === "NOT_FOUND") continue; // removed while we looked
      planned.push({ entry: badMetadata(folder, error.message) });
      continue;
    }
    const { metadata, record } = model;
    const base = {
      folder,
      sourceId: metadata.id,
      name: record.name,
      sha256: metadata.sha256,
      size: metadata.size,
      links: linkCount.get(metadata.id) ?? 0,
      ...(record.files.every((f) => f.external_path !== undefined) ? { inPlace: true } : {}),
    };
    if (seen.has(metadata.id)) {
      const reason = `id ${metadata.id} is used by another model of the source`;
      planned.push({ entry: { ...base, action: "skip", code: "DUPLICATE_ID", reason } });
      continue;
    }
    seen.add(metadata.id);
    const missing = await missingFile(record);
    if (missing) {
      planned.push({ entry: { ...base, action: "skip", code: "MISSING_FILE", reason: missing } });
      continue;
    }
    const decision = await classifyModel(ctx, metadata, claimed);
    if (decision.action !== "duplicate") claimed.add(decision.id);
    const reason =
      decision.action === "duplicate"
        ? `the same files are here as ${decision.id}`
        : decision.action === "conflict"
          ? `id ${metadata.id} is taken here by a different model; it becomes ${decision.id}`
          : undefined;
    planned.push({
      entry: { ...base, action: decision.action, id: decision.id, ...(reason ? { reason } : {}) },
      model,
    });
  }
  return planned;
}

/**
 * duplicate: this library holds a model with the same files (sizes and sha256); else move under
 * the model's id, or conflict (a new id) when the index or `claimed` has that id.
 */
export async function classifyModel(
  ctx: LibraryContext,
  metadata: ModelMetadata,
  claimed: ReadonlySet<string> = new Set(),
): Promise<Classification> {
  const candidates = ctx.index.findByHash({ sha256: metadata.sha256 });
  const existing = await findModelWithFiles(ctx, candidates, metadata.files);
  if (existing) return { action: "duplicate", id: existing };
  const taken = (id: string) => claimed.has(id) || ctx.index.get(id) !== null;
  if (!taken(metadata.id)) return { action: "move", id: metadata.id };
  // The readable half of the id stays; more of the hash (or a suffix) makes it unique.
  const slug = metadata.id.replace(/-[0-9a-f]{8,64}(?:-[0-9]+)?$/, "");
  return { action: "conflict", id: await assignModelId(slug, metadata.sha256, taken) };
}

function badMetadata(folder: string, reason: string): MergePlanEntry {
  return {
    action: "skip",
    folder,
    sourceId: null,
    name: null,
    sha256: null,
    size: 0,
    links: 0,
    code: "BAD_METADATA",
    reason,
  };
}

/** A line naming the first payload file that is gone or has another size than its metadata says. */
async function missingFile(record: ModelRecord): Promise<string | null> {
  for (const file of record.files) {
    const info = await stat(file.path).catch(() => null);
    if (!info?.isFile()) return `${file.path}: no such file`;
    if (info.size !== file.size) return `${file.path}: ${info.size} bytes, its metadata says ${file.size}`;
  }
  return null;
}
