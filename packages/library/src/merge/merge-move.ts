// Brings one model of the source here (move, or conflict under a new id). Its files are linked
// (same file system: the source stays whole until the commit, and no byte is copied) or copied
// into `.mlib/tmp/<op>/model/`, each hashed and checked against the source's metadata; then,
// under the lock, metadata.json is written and one rename makes the model folder appear. Only
// after that do the link records come over and the source's files go. The journal record is
// written before each step, so recovery knows which side of the commit a crash fell on.
import { lstat, mkdir, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { DualDigest } from "@ml/hashing";
import { checkDiskSpace, fsyncDir, InsufficientDiskSpaceError, writeJsonAtomic } from "@ml/progress";
import { STAGE_DIR } from "../import/import-model.js";
import { type TransferOptions, transferFile } from "../import/transfer-file.js";
import { newOperationId, recordOwner, removeJournalRecord } from "../store/journal-records.js";
import type { LibraryPaths } from "../store/library-paths.js";
import { METADATA_FILE, type ModelMetadata, OVERRIDES_FILE } from "../store/metadata-schema.js";
import { chooseModelFolder } from "../store/model-folder.js";
import { toModelRecord } from "../store/model-record.js";
import { toIndexedModel } from "../store/to-indexed-model.js";
import { describeSourceFiles } from "./describe-source-files.js";
import { finishMergedSource } from "./finish-merged-source.js";
import type { MergeJob } from "./merge-job.js";
import { type MergeRecord, type MergeSourceFile, writeMergeRecord } from "./merge-record.js";
import { MergeSkip } from "./merge-skip.js";
import { classifyModel, type SourceModel } from "./plan-merge.js";

/** Errors of link(2) that mean "copy instead". */
const NO_HARDLINK = new Set(["EXDEV", "EPERM", "ENOTSUP", "EOPNOTSUPP", "EMLINK", "ENOSYS"]);

/** "reclassify": by the commit the destination had these files already; merge it as a duplicate. */
export async function mergeMove(job: MergeJob, model: SourceModel): Promise<"done" | "reclassify"> {
  const { ctx, emit, signal, result } = job;
  const { paths } = ctx;
  const files = await describeSourceFiles(model);
  const payload = files.filter((f) => !f.external);
  const tmpDevice = (await stat(paths.tmp)).dev;
  // A symlink is copied: a link to it would point wherever it points, not hold the bytes.
  const how = new Map<MergeSourceFile, "link" | "move" | "copy">();
  let copyBytes = 0;
  for (const file of payload) {
    const link = job.mode === "move" && file.dev === tmpDevice && !(await lstat(file.path)).isSymbolicLink();
    how.set(file, link ? "link" : job.mode);
    if (!link) copyBytes += file.size;
  }
  const skipped = (code: MergeSkip["code"], reason: string) => {
    result.skipped.push({ folder: model.folder, sourceId: model.metadata.id, code, reason });
    return "done" as const;
  };
  try {
    if (copyBytes > 0) await checkDiskSpace(paths.tmp, copyBytes);
  } catch (error) {
    if (error instanceof InsufficientDiskSpaceError) return skipped("NO_SPACE", error.message);
    throw error;
  }

  const opId = newOperationId();
  const opDir = join(paths.tmp, opId);
  const stage = join(opDir, STAGE_DIR);
  const record: MergeRecord = {
    ...recordOwner(opId),
    kind: "merge",
    action: "move",
    mode: job.mode,
    source_root: job.source,
    source_folder: model.folder,
    source_id: model.metadata.id,
    files,
  };
  // Under the lock, so recovery in another process never sees the tmp folder without its record.
  await ctx.withLock(async () => {
    await writeMergeRecord(paths, record);
    await mkdir(stage, { recursive: true });
  });

  let committed = false;
  try {
    emit({ type: "started", id: opId, files: payload.length, totalBytes: model.metadata.size });
    for (const file of payload) {
      signal?.throwIfAborted();
      const dest = join(stage, ...file.name.split("/"));
      await mkdir(dirname(dest), { recursive: true });
      emit({ type: "file_started", id: opId, file: file.name, size: file.size });
      const options: TransferOptions = {
        signal,
        onProgress: (bytesDone) =>
          emit({ type: "file_progress", id: opId, file: file.name, bytesDone, bytesTotal: file.size }),
        onVerifying: () => emit({ type: "verifying", id: opId, file: file.name }),
      };
      const digest = await transfer(file, dest, how.get(file) ?? job.mode, options);
      checkDigest(model.metadata, file, digest);
      emit({ type: "file_completed", id: opId, file: file.name, bytes: digest.size });
    }
    signal?.throwIfAborted();

    const outcome = await ctx.withLock(async () => {
      // Decided again: a model merged (or imported) since the plan may hold these files or this id.
      const decision = await classifyModel(ctx, model.metadata);
      if (decision.action === "duplicate") {
        await rollBack(paths, opId);
        return "reclassify" as const;
      }
      const metadata: ModelMetadata = { ...model.metadata, id: decision.id };
      const { type, family } = model.record;
      const target = await chooseModelFolder(paths.root, type, family, basename(model.folder));
      await writeJsonAtomic(join(stage, METADATA_FILE), metadata);
      if (Object.keys(model.overrides).length > 0)
        await writeJsonAtomic(join(stage, OVERRIDES_FILE), model.overrides);
      record.target = target;
      record.target_id = decision.id;
      await writeMergeRecord(paths, record);
      await mkdir(dirname(target), { recursive: true });
      await rename(stage, target);
      committed = true;
      await fsyncDir(dirname(target));
      const destination = toModelRecord(metadata, model.overrides, target);
      ctx.index.upsert(toIndexedModel(destination, paths.root));
      if (job.side) {
        const finished = await finishMergedSource(job.side, record, destination);
        result.links.carried += finished.carried;
        result.links.stale.push(...finished.stale);
        result.warnings.push(...finished.warnings);
      }
      await rm(opDir, { recursive: true, force: true });
      await removeJournalRecord(paths, opId);
      result.merged.push({
        action: decision.action,
        sourceId: model.metadata.id,
        id: decision.id,
        folder: target,
        sha256: metadata.sha256,
        inPlace: payload.length === 0,
      });
      return decision.id;
    });
    if (outcome === "reclassify") return outcome;
    emit({ type: "completed", id: opId });
    ctx.emitChange({ kind: "added", id: outcome });
    return "done";
  } catch (error) {
    // After the commit the model is here; its record stays for the next open to finish the source's side.
    if (!committed) await rollBack(paths, opId);
    emit({ type: "failed", id: opId, reason: error instanceof Error ? error.message : String(error) });
    if (error instanceof MergeSkip) return skipped(error.code, error.message);
    throw error;
  }
}

/** link: a hard link (the source's own inode); move: a copy re-read and checked; copy: a copy (or clone). */
async function transfer(
  file: MergeSourceFile,
  dest: string,
  how: "link" | "move" | "copy",
  options: TransferOptions,
): Promise<DualDigest> {
  if (how === "link") {
    try {
      return await transferFile(file.path, dest, "hardlink", options);
    } catch (error) {
      if (!NO_HARDLINK.has((error as NodeJS.ErrnoException).code ?? "")) throw error;
      await rm(dest, { force: true });
    }
    how = "move";
  }
  return transferFile(file.path, dest, how === "move" ? "verified-copy" : "copy", options);
}

function checkDigest(metadata: ModelMetadata, file: MergeSourceFile, digest: DualDigest): void {
  const expected = metadata.files.find((f) => f.name === file.name);
  const differs = [
    digest.size !== expected?.size ? "size" : "",
    digest.sha256 !== expected?.sha256 ? "sha256" : "",
    digest.blake3 !== expected?.blake3 ? "blake3" : "",
  ].filter(Boolean);
  if (differs.length > 0) {
    throw new MergeSkip(
      "CORRUPT",
      `${file.path}: ${differs.join(", ")} differs from its metadata (damaged, or changed since it was imported); left in the source`,
    );
  }
}

/** Before the commit nothing of the source was touched: the staged links or copies and the record go. */
async function rollBack(paths: LibraryPaths, opId: string): Promise<void> {
  await rm(join(paths.tmp, opId), { recursive: true, force: true });
  await removeJournalRecord(paths, opId);
}
