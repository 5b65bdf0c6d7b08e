// Imports one model (a file, a shard set or a folder) into the library, crash-safe: files are
// assembled in `.mlib/tmp/<op>/model/`, which one rename makes visible as the model folder. A
// `move` import records in the journal, before taking any file, where each file came from, so
// recovery can put it back (see recover-state.ts).
import { lstat, mkdir, realpath, rename, rm, stat, unlink } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fastHash, hashFile } from "@ml/hashing";
import { parseQuantization } from "@ml/naming";
import {
  checkDiskSpace,
  emitter,
  fsyncDir,
  InsufficientDiskSpaceError,
  throttleProgress,
  writeJsonAtomic,
} from "@ml/progress";
import {
  type ImportRecord,
  type MoveEntry,
  newOperationId,
  recordOwner,
  removeJournalRecord,
  writeJournalRecord,
} from "../store/journal-records.js";
import type { LibraryContext } from "../store/library-context.js";
import {
  type ImportMode,
  METADATA_FILE,
  type ModelFile,
  type ModelMetadata,
  type ModelOverrides,
  modelMetadataSchema,
  OVERRIDES_FILE,
} from "../store/metadata-schema.js";
import { chooseModelFolder } from "../store/model-folder.js";
import { assignModelId } from "../store/model-id.js";
import { toModelRecord } from "../store/model-record.js";
import { pathExists } from "../store/path-exists.js";
import { removeEmptyFolders } from "../store/remove-empty-folders.js";
import { toIndexedModel } from "../store/to-indexed-model.js";
import { buildMetadata } from "./build-metadata.js";
import { findModelWithFiles } from "./find-duplicate.js";
import type { ImportedModel, ImportOptions, ImportUnit, SkippedImport } from "./import-types.js";
import { restoreMovedFile } from "./restore-moved-file.js";
import { type Transfer, transferFile } from "./transfer-file.js";

/**
 * What link(2) answers when the file system will not add a name to this file here, though it
 * is on the same device: a bind mount (EXDEV), another user's file under
 * fs.protected_hardlinks (EPERM), a link count at its limit (EMLINK).
 */
const LINK_REFUSED = new Set(["EXDEV", "EPERM", "EMLINK"]);

/** Name of the model folder being assembled inside an operation's tmp folder. */
export const STAGE_DIR = "model";

interface PlannedFile {
  /** The path the unit gave: what `knownDigests` and `expectedSha256` are keyed by. */
  given: string;
  /** What is read or linked: `given`, or for a hard link the file it resolves to. */
  source: string;
  name: string;
  size: number;
  /** null: in-place, nothing is transferred. */
  how: Transfer | null;
  move?: MoveEntry;
}

export interface ImportModelOptions extends ImportOptions {
  mode: ImportMode;
  /** After a move, empty folders left behind are removed up to (not including) this one. */
  cleanupUpTo?: string;
}

/** Thrown inside the import to roll back and report a skip. */
class Skip extends Error {
  constructor(readonly skipped: SkippedImport) {
    super(skipped.reason);
  }
}

export async function importModel(
  ctx: LibraryContext,
  unit: ImportUnit,
  options: ImportModelOptions,
): Promise<{ imported: ImportedModel } | { skipped: SkippedImport }> {
  const { signal, mode } = options;
  const { paths } = ctx;
  signal?.throwIfAborted();
  const skip = (code: SkippedImport["code"], reason: string, existingId?: string) =>
    new Skip({ path: unit.input, code, reason, ...(existingId ? { existingId } : {}) });

  let planned: PlannedFile[];
  let primaryFastHash: string;
  try {
    planned = await planFiles(ctx, unit, mode);
    primaryFastHash = await fastHash((planned[0] as PlannedFile).source, { signal });
    const existing = await duplicateOf(ctx, planned, primaryFastHash, signal, options.knownDigests);
    if (existing) throw skip("DUPLICATE", `already in the library as ${existing}`, existing);
    const copyBytes = planned.reduce(
      (n, f) => n + (f.how === "copy" || f.how === "verified-copy" ? f.size : 0),
      0,
    );
    if (copyBytes > 0) await checkDiskSpace(paths.tmp, copyBytes);
  } catch (error) {
    if (error instanceof Skip) return { skipped: error.skipped };
    if (error instanceof InsufficientDiskSpaceError)
      return { skipped: skip("NO_SPACE", error.message).skipped };
    throw error;
  }

  const opId = newOperationId();
  const opDir = join(paths.tmp, opId);
  const stage = join(opDir, STAGE_DIR);
  for (const file of planned) {
    if (file.move) file.move.staged = join(stage, ...file.name.split("/"));
  }
  const record: ImportRecord = {
    ...recordOwner(opId),
    kind: "import",
    moves: planned.flatMap((f) => (f.move ? [f.move] : [])),
  };
  // Under the lock, so recovery in another process never sees the folder without its record.
  await ctx.withLock(async () => {
    await writeJournalRecord(paths, record);
    await mkdir(stage, { recursive: true });
  });

  const emit = emitter(options.onProgress ? throttleProgress(options.onProgress) : undefined);
  let committed = false;
  try {
    emit({ type: "started", id: opId, files: planned.length, totalBytes: sum(planned.map((f) => f.size)) });
    const files: ModelFile[] = [];
    for (const file of planned) {
      signal?.throwIfAborted();
      emit({ type: "file_started", id: opId, file: file.name, size: file.size });
      const progress = (bytesDone: number) =>
        emit({ type: "file_progress", id: opId, file: file.name, bytesDone, bytesTotal: file.size });
      let digest: { size: number; sha256: string; blake3: string };
      if (file.how === null) {
        digest = await hashFile(file.source, { signal, onProgress: progress });
      } else {
        const dest = join(stage, ...file.name.split("/"));
        await mkdir(dirname(dest), { recursive: true });
        digest = await transferStaged(ctx, record, unit, file, dest, {
          signal,
          known: options.knownDigests?.[file.given],
          onProgress: progress,
          onVerifying: () => emit({ type: "verifying", id: opId, file: file.name }),
        });
      }
      const expected = options.expectedSha256?.[file.given];
      if (expected !== undefined && expected !== digest.sha256) {
        throw skip(
          "CORRUPT",
          `${file.source}: its bytes hash to sha256 ${digest.sha256}, not the expected ${expected} (damaged or half-written)`,
        );
      }
      emit({ type: "file_completed", id: opId, file: file.name, bytes: digest.size });
      files.push({
        name: file.name,
        size: digest.size,
        sha256: digest.sha256,
        blake3: digest.blake3,
        ...(file.how === null ? { external_path: file.source } : {}),
      });
    }
    signal?.throwIfAborted();

    const imported = await ctx.withLock(async () => {
      const primary = files[0] as ModelFile;
      const again = await findModelWithFiles(ctx, ctx.index.findByHash({ sha256: primary.sha256 }), files);
      if (again) throw skip("DUPLICATE", `already in the library as ${again}`, again);
      const draft = buildMetadata({
        name: unit.name,
        identification: unit.identification,
        files,
        fastHash: primaryFastHash,
        source: {
          kind: "import",
          path: resolve(unit.input),
          mode,
          ...options.source,
        },
        ...(options.tags ? { tags: options.tags } : {}),
        ...(options.notes ? { notes: options.notes } : {}),
        now: new Date().toISOString(),
      });
      // A type the user forces is their edit: an override, so re-identification keeps it.
      const overrides: ModelOverrides = options.type ? { type: options.type } : {};
      const label = folderLabel(unit.name, draft.quantization);
      const target = await chooseModelFolder(paths.root, overrides.type ?? draft.type, draft.family, label);
      const id = await assignModelId(label, primary.sha256, (candidate) => ctx.index.get(candidate) !== null);
      const metadata: ModelMetadata = modelMetadataSchema.parse({ ...draft, id });
      await writeJsonAtomic(join(stage, METADATA_FILE), metadata);
      if (options.type) await writeJsonAtomic(join(stage, OVERRIDES_FILE), overrides);
      record.target = target;
      await writeJournalRecord(paths, record);
      await mkdir(dirname(target), { recursive: true });
      await rename(stage, target);
      committed = true;
      await fsyncDir(dirname(target));
      ctx.index.upsert(toIndexedModel(toModelRecord(metadata, overrides, target), paths.root));
      await finishMoves(record.moves, unit, options.cleanupUpTo);
      await rm(opDir, { recursive: true, force: true });
      await removeJournalRecord(paths, opId);
      return { id, path: unit.input, sha256: primary.sha256, folder: target };
    });
    emit({ type: "completed", id: opId });
    ctx.emitChange({ kind: "added", id: imported.id });
    return { imported };
  } catch (error) {
    // After the commit rename the model is in the library; the record stays so that the next
    // open rebuilds the index. Before it, everything is put back as it was.
    if (!committed) await rollBack(ctx, record, opDir);
    const skipped = error instanceof Skip ? error.skipped : undefined;
    emit({
      type: "failed",
      id: opId,
      reason: skipped?.reason ?? (error instanceof Error ? error.message : String(error)),
      ...errorCode(error),
    });
    if (skipped) return { skipped };
    throw error;
  }
}

/** What each file needs: its size, and how it gets into the library in this mode. */
async function planFiles(ctx: LibraryContext, unit: ImportUnit, mode: ImportMode): Promise<PlannedFile[]> {
  const tmpDevice = (await stat(ctx.paths.tmp)).dev;
  const planned: PlannedFile[] = [];
  for (const { source, name } of unit.files) {
    const info = await stat(source);
    const base = { given: source, source, name, size: info.size };
    if (mode === "in-place") {
      planned.push({ ...base, how: null });
    } else if (mode === "copy") {
      planned.push({ ...base, how: "copy" });
    } else if (mode === "hardlink") {
      if (info.dev !== tmpDevice) {
        throw new Skip({
          path: unit.input,
          code: "CROSS_DEVICE",
          reason: `cannot hard-link ${source} into the library: it is on another file system (use copy or move)`,
        });
      }
      // A link to a symlink would link the symlink; link what it points to.
      planned.push({ ...base, source: await realpath(source), how: "hardlink" });
    } else {
      // A symlink is moved by copying what it points to, then deleting the link (not its target).
      const isLink = (await lstat(source)).isSymbolicLink();
      const rename = !isLink && info.dev === tmpDevice;
      planned.push({
        ...base,
        how: rename ? "rename" : "verified-copy",
        move: { source, staged: "", method: rename ? "rename" : "copy" },
      });
    }
  }
  return planned;
}

/** The id of a model already holding these files, checked cheaply (fastHash) before hashing all of them. */
async function duplicateOf(
  ctx: LibraryContext,
  planned: PlannedFile[],
  primaryFastHash: string,
  signal: AbortSignal | undefined,
  known: ImportOptions["knownDigests"],
): Promise<string | null> {
  const candidates = ctx.index.findByHash({ fastHash: primaryFastHash });
  if (candidates.length === 0) return null;
  const digests = [];
  for (const file of planned) digests.push(known?.[file.given] ?? (await hashFile(file.source, { signal })));
  return findModelWithFiles(ctx, candidates, digests);
}

async function transferStaged(
  ctx: LibraryContext,
  record: ImportRecord,
  unit: ImportUnit,
  file: PlannedFile,
  dest: string,
  options: Parameters<typeof transferFile>[3],
) {
  const how = file.how as Transfer;
  try {
    return await transferFile(file.source, dest, how, options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (how === "hardlink" && LINK_REFUSED.has(code)) {
      throw new Skip({
        path: unit.input,
        code: "LINK_REFUSED",
        reason: `cannot hard-link ${file.source} into the library (${code}: a bind mount, another user's file or too many links; use copy or move)`,
      });
    }
    // Same device by stat, yet the rename crosses a mount (bind mounts, overlays): copy instead,
    // saying so in the journal first so recovery treats the source as still in place.
    if (how !== "rename" || code !== "EXDEV" || !file.move) throw error;
    file.move.method = "copy";
    await writeJournalRecord(ctx.paths, record);
    return transferFile(file.source, dest, "verified-copy", options);
  }
}

/** After the commit: sources copied across devices (or symlinks) are deleted, emptied folders removed. */
async function finishMoves(
  moves: MoveEntry[],
  unit: ImportUnit,
  cleanupUpTo: string | undefined,
): Promise<void> {
  for (const move of moves) {
    if (move.method === "copy") await unlink(move.source).catch(() => {});
  }
  const stopAt = cleanupUpTo ?? (unit.kind === "folder" ? dirname(resolve(unit.input)) : undefined);
  if (!stopAt) return;
  const dirs = new Set(moves.map((m) => dirname(m.source)));
  // Deepest first, so a parent is tried once its children are gone.
  for (const dir of [...dirs].sort((a, b) => b.length - a.length)) await removeEmptyFolders(dir, stopAt);
}

/** Undoes an import that did not commit: moved files go back, the tmp folder and record go. */
async function rollBack(ctx: LibraryContext, record: ImportRecord, opDir: string): Promise<void> {
  for (const move of record.moves) {
    if (move.method === "rename" && (await pathExists(move.staged))) {
      await restoreMovedFile(move.staged, move.source);
    }
  }
  await rm(opDir, { recursive: true, force: true });
  await removeJournalRecord(ctx.paths, record.id);
}

/** The folder (and id) name: the model name, plus its quantization when the name does not carry it. */
function folderLabel(name: string, quantization: string | null): string {
  if (!quantization || parseQuantization(name) === quantization) return name;
  return `${name}-${quantization}`;
}

function errorCode(error: unknown): { code?: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? { code } : {};
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
