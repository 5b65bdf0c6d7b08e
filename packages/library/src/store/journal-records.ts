// Records of operations in flight, one JSON file each in `.mlib/journal/`. Written (atomically)
// before an operation changes the tree and removed after the index has caught up, so that
// recovery after a crash knows what to put back and that the index must be rebuilt.
import { randomBytes } from "node:crypto";
import { readdir, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { fsyncDir, writeJsonAtomic } from "@ml/progress";
import type { LibraryPaths } from "./library-paths.js";

interface RecordBase {
  /** Operation id; also names its folder in `.mlib/tmp/` and its record file. */
  id: string;
  pid: number;
  hostname: string;
  started_at: string;
}

/** A file taken from the user for a `move` import. */
export interface MoveEntry {
  /** Where it was (absolute). */
  source: string;
  /** Where it is being assembled, inside the operation's tmp folder. */
  staged: string;
  /** rename: the source itself is at `staged`; copy: `staged` is a copy and the source is deleted after commit. */
  method: "rename" | "copy";
}

export interface ImportRecord extends RecordBase {
  kind: "import";
  moves: MoveEntry[];
  /** The model folder being committed; set just before the one rename that makes it visible. */
  target?: string;
}

/** A metadata.json / overrides.json rewrite or a removal: the tree changes before the index. */
export interface ChangeRecord extends RecordBase {
  kind: "update" | "remove";
  model_id: string;
}

export type JournalRecord = ImportRecord | ChangeRecord;

/** A fresh operation id: sortable by time, unique across processes. */
export function newOperationId(): string {
  return `${Date.now().toString(36)}-${process.pid.toString(36)}-${randomBytes(4).toString("hex")}`;
}

export function recordOwner(id: string): RecordBase {
  return { id, pid: process.pid, hostname: hostname(), started_at: new Date().toISOString() };
}

export function writeJournalRecord(paths: LibraryPaths, record: JournalRecord): Promise<void> {
  return writeJsonAtomic(join(paths.journal, `${record.id}.json`), record);
}

export async function removeJournalRecord(paths: LibraryPaths, id: string): Promise<void> {
  await unlink(join(paths.journal, `${id}.json`)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
  await fsyncDir(paths.journal);
}

/** Record files in the journal (leftover temp files of atomic writes included, so they can be cleaned). */
export async function listJournalFiles(paths: LibraryPaths): Promise<string[]> {
  const names = await readdir(paths.journal).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [] as string[];
    throw error;
  });
  return names.sort().map((name) => join(paths.journal, name));
}
