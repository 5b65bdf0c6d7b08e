import type { ModelIndex } from "@ml/index-fts";
import type { LinkRegistry } from "@ml/mapper";
import type { LibraryPaths } from "../store/library-paths.js";
import type { ModelRecord } from "../store/model-record.js";
import { type CarriedLinks, carryLinkRecords } from "./carry-link-records.js";
import { deleteMergedSource } from "./delete-merged-source.js";
import type { MergeRecord } from "./merge-record.js";

/** The source library, locked by the caller, as a move-mode merge changes it. */
export interface MergeSourceSide {
  paths: LibraryPaths;
  index: ModelIndex | null;
  links: { from: LinkRegistry; to: LinkRegistry };
}

/**
 * After a model's commit here: its link records come here, then its files leave the source.
 * Run by the merge and, after a crash, by recovery; each step can run again.
 */
export async function finishMergedSource(
  side: MergeSourceSide,
  record: MergeRecord,
  destination: ModelRecord,
): Promise<CarriedLinks & { warnings: string[] }> {
  const links = await carryLinkRecords(
    side.links.from,
    side.links.to,
    { folder: record.source_folder, modelId: record.source_id, files: record.files },
    destination,
  );
  const warnings = await deleteMergedSource(side.paths, side.index, record);
  return { ...links, warnings };
}
