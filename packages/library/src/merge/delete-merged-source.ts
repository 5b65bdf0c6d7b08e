import { lstat, readdir, rm, unlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { ModelIndex } from "@ml/index-fts";
import { fsyncDir } from "@ml/progress";
import { recordOwner, removeJournalRecord, writeJournalRecord } from "../store/journal-records.js";
import type { LibraryPaths } from "../store/library-paths.js";
import { METADATA_FILE, OVERRIDES_FILE } from "../store/metadata-schema.js";
import { pathExists } from "../store/path-exists.js";
import { readJson } from "../store/read-json.js";
import { removeEmptyFolders } from "../store/remove-empty-folders.js";
import type { MergeRecord } from "./merge-record.js";

/**
 * Deletes a merged model from the source library, once its copy here is committed: metadata.json
 * first (the model leaves the source in that one step), then overrides.json and each payload
 * file that is still the one planned (same inode, size and mtime; in-place files never), then
 * the folders emptied, then its index entry. A "remove" record in the source's journal (named
 * like the merge's) covers the moment its index lags. Safe to run again. Returns warnings.
 */
export async function deleteMergedSource(
  source: LibraryPaths,
  sourceIndex: ModelIndex | null,
  record: MergeRecord,
): Promise<string[]> {
  const folder = record.source_folder;
  const metadataFile = join(folder, METADATA_FILE);
  if (await pathExists(metadataFile)) {
    const held = await readJson(metadataFile, "BAD_METADATA").catch(() => null);
    if ((held as { id?: unknown } | null)?.id !== record.source_id) {
      return [`${metadataFile}: no longer model ${record.source_id}; the source folder was left as it is`];
    }
  }
  await writeJournalRecord(source, { ...recordOwner(record.id), kind: "remove", model_id: record.source_id });
  const warnings: string[] = [];
  /** Top-level names in the folder of files left because they changed (already warned about). */
  const changed = new Set<string>();
  await rm(metadataFile, { force: true });
  await rm(join(folder, OVERRIDES_FILE), { force: true });
  await fsyncDir(folder).catch(() => {});
  for (const file of record.files) {
    if (file.external) continue;
    const now = await lstat(file.path).catch(() => null);
    if (!now) continue;
    if (
      now.dev === file.dev &&
      now.ino === file.ino &&
      now.size === file.size &&
      now.mtimeMs === file.mtime_ms
    ) {
      await unlink(file.path);
    } else {
      warnings.push(`${file.path}: changed during the merge, left in the source`);
      changed.add(file.name.split("/")[0] as string);
    }
  }
  // Subfolders of the files (shards, diffusers components) first, then the model folder and its parents.
  const dirs = new Set([folder, ...record.files.filter((f) => !f.external).map((f) => dirname(f.path))]);
  for (const dir of [...dirs].sort((a, b) => b.length - a.length)) await removeEmptyFolders(dir, source.root);
  const left = (await readdir(folder).catch(() => [] as string[])).filter((name) => !changed.has(name));
  if (left.length > 0)
    warnings.push(`${folder}: kept what its metadata did not list: ${left.sort().join(", ")}`);
  sourceIndex?.remove(record.source_id);
  await removeJournalRecord(source, record.id);
  return warnings;
}
