// Puts the library back in order after a crash: called under the lock when a library opens
// (and by adopt). Operations of live processes are left alone.
import { readdir, readFile, rm, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { basename, join } from "node:path";
import { STAGE_DIR } from "../import/import-model.js";
import { restoreMovedFile } from "../import/restore-moved-file.js";
import type { MergeRecord } from "../merge/merge-record.js";
import { recoverMerge } from "../merge/recover-merge.js";
import type { ImportRecord, JournalRecord } from "../store/journal-records.js";
import { listJournalFiles, removeJournalRecord } from "../store/journal-records.js";
import type { LibraryPaths } from "../store/library-paths.js";
import { pathExists } from "../store/path-exists.js";
import { isProcessAlive } from "../store/process-alive.js";

export interface RecoveryReport {
  /** Files of interrupted move imports, back where they came from (or beside it, if that path was taken). */
  restored: string[];
  /** Models whose commit had happened: their move was completed. */
  completed: string[];
  /** Leftover folders removed from `.mlib/tmp`. */
  removed: string[];
  /** Something changed the tree without the index catching up: rebuild it. */
  needsReindex: boolean;
  warnings: string[];
}

/** Temp files of atomic writes (@ml/progress `tempNameBeside`): `.<name>.mlib-<pid>-<random>.tmp`. */
const ATOMIC_TEMP = /^\..+\.mlib-(\d+)-[0-9a-f]+\.tmp$/;

export async function recoverState(paths: LibraryPaths): Promise<RecoveryReport> {
  const report: RecoveryReport = {
    restored: [],
    completed: [],
    removed: [],
    needsReindex: false,
    warnings: [],
  };
  /** Operations whose tmp folder must stay: live, or not understood. */
  const keep = new Set<string>();

  // Half-written records, and registry (links.json) writes cut short.
  await removeDeadTempFiles(paths.journal);
  await removeDeadTempFiles(paths.state);
  for (const file of await listJournalFiles(paths)) {
    const name = basename(file);
    if (!name.endsWith(".json")) continue;
    const id = name.slice(0, -".json".length);
    let record: JournalRecord | MergeRecord;
    try {
      record = JSON.parse(await readFile(file, "utf8")) as JournalRecord | MergeRecord;
    } catch (error) {
      // Records are written atomically, so this is damage: keep the operation's files for a person to look at.
      keep.add(id);
      report.warnings.push(
        `${file}: unreadable journal record, its tmp folder is kept: ${(error as Error).message}`,
      );
      continue;
    }
    if (isProcessAlive(record.pid, record.hostname)) {
      keep.add(id);
      continue;
    }
    const opDir = join(paths.tmp, id);
    if (record.kind === "import") await recoverImport(record, opDir, report);
    if (record.kind === "merge") {
      const merge = await recoverMerge(paths, record);
      if (merge.completed) {
        report.completed.push(merge.completed);
        await removeDeadTempFiles(merge.completed);
      }
      report.warnings.push(...merge.warnings);
      if (!merge.done) {
        keep.add(id);
        report.needsReindex = true;
        continue;
      }
    }
    await rm(opDir, { recursive: true, force: true });
    await removeJournalRecord(paths, id);
    report.needsReindex = true;
  }

  const leftovers = await readdir(paths.tmp).catch(() => [] as string[]);
  for (const name of leftovers) {
    if (keep.has(name)) continue;
    await rm(join(paths.tmp, name), { recursive: true, force: true });
    report.removed.push(name);
  }
  return report;
}

async function recoverImport(record: ImportRecord, opDir: string, report: RecoveryReport): Promise<void> {
  // The one rename moves the stage folder to the target: either one exists, or (crash before it) the stage.
  const committed =
    record.target !== undefined &&
    !(await pathExists(join(opDir, STAGE_DIR))) &&
    (await pathExists(record.target));
  for (const move of record.moves ?? []) {
    if (move.method === "rename") {
      if (move.staged && (await pathExists(move.staged)))
        report.restored.push(await restoreMovedFile(move.staged, move.source));
    } else if (committed && (await pathExists(move.source))) {
      // The copy was verified before the commit: finishing the move deletes the original.
      await unlink(move.source).catch(() => {});
    }
  }
  if (committed) report.completed.push(record.target as string);
}

/** Removes the temp files that atomic writes of dead processes left in `dir`. */
async function removeDeadTempFiles(dir: string): Promise<void> {
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const temp = ATOMIC_TEMP.exec(name);
    if (temp && !isProcessAlive(Number(temp[1]), hostname())) await unlink(join(dir, name)).catch(() => {});
  }
}
