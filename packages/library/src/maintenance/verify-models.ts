import { stat } from "node:fs/promises";
import { hashFile } from "@ml/hashing";
import { emitter, type ProgressSink, throttleProgress } from "@ml/progress";
import type { LibraryContext } from "../store/library-context.js";
import { LibraryError } from "../store/library-error.js";
import { listAllModels } from "../store/list-all-models.js";
import { loadModel } from "../store/load-model.js";
import type { ModelRecord } from "../store/model-record.js";
import { resolveModelId } from "../store/resolve-model-id.js";

export type VerifyStatus = "ok" | "corrupt" | "missing";

export interface VerifiedFile {
  name: string;
  path: string;
  status: VerifyStatus;
  /** What is wrong, in words: "size 10 != 12 recorded", "sha256 differs", "no such file". */
  problem?: string;
}

export interface VerifiedModel {
  id: string;
  folder: string;
  /** missing if any file is missing (or the model folder is gone), else corrupt if any differs, else ok. */
  status: VerifyStatus;
  files: VerifiedFile[];
  problem?: string;
}

export interface VerifyReport {
  models: VerifiedModel[];
  ok: number;
  corrupt: number;
  missing: number;
}

export interface VerifyOptions {
  signal?: AbortSignal;
  /** One acquisition id "verify"; files named `<model id>/<file name>`. */
  onProgress?: ProgressSink;
}

/**
 * Re-hashes models (all of them, or the given ids / id prefixes) and compares size, sha256 and
 * BLAKE3 with metadata.json. Reads only; takes no lock.
 */
export async function verifyModels(
  ctx: LibraryContext,
  ids: readonly string[] | undefined,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const { signal } = options;
  const emit = emitter(options.onProgress ? throttleProgress(options.onProgress) : undefined);
  const wanted = ids?.length
    ? ids.map((id) => resolveModelId(ctx, id))
    : listAllModels(ctx.index)
        .map((m) => m.id)
        .sort();
  const report: VerifyReport = { models: [], ok: 0, corrupt: 0, missing: 0 };
  const records: Array<ModelRecord | VerifiedModel> = [];
  for (const id of wanted) {
    try {
      records.push(await loadModel(ctx, id));
    } catch (error) {
      if (!(error instanceof LibraryError)) throw error;
      const status = error.code === "NOT_FOUND" ? "missing" : "corrupt";
      records.push({ id, folder: error.path ?? "", status, files: [], problem: error.message });
    }
  }
  const totalBytes = records.reduce((n, r) => n + ("overrides" in r ? r.size : 0), 0);
  emit({ type: "started", id: "verify", files: records.length, totalBytes });
  for (const record of records) {
    signal?.throwIfAborted();
    const result = "overrides" in record ? await verifyRecord(record, options, emit) : record;
    report.models.push(result);
    report[result.status]++;
  }
  emit({ type: "completed", id: "verify" });
  return report;
}

async function verifyRecord(
  record: ModelRecord,
  { signal }: VerifyOptions,
  emit: ReturnType<typeof emitter>,
): Promise<VerifiedModel> {
  const files: VerifiedFile[] = [];
  for (const file of record.files) {
    const label = `${record.id}/${file.name}`;
    const base = { name: file.name, path: file.path };
    const info = await stat(file.path).catch(() => null);
    if (!info?.isFile()) {
      files.push({ ...base, status: "missing", problem: "no such file" });
      continue;
    }
    if (info.size !== file.size) {
      files.push({ ...base, status: "corrupt", problem: `size ${info.size} != ${file.size} recorded` });
      continue;
    }
    emit({ type: "file_started", id: "verify", file: label, size: file.size });
    const digest = await hashFile(file.path, {
      signal,
      onProgress: (bytesDone, bytesTotal) =>
        emit({ type: "file_progress", id: "verify", file: label, bytesDone, bytesTotal }),
    });
    emit({ type: "file_completed", id: "verify", file: label, bytes: digest.size });
    const differs = [
      digest.size !== file.size ? "size" : "",
      digest.sha256 !== file.sha256 ? "sha256" : "",
      digest.blake3 !== file.blake3 ? "blake3" : "",
    ].filter(Boolean);
    files.push(
      differs.length === 0
        ? { ...base, status: "ok" }
        : { ...base, status: "corrupt", problem: `${differs.join(", ")} differs` },
    );
  }
  const status = files.some((f) => f.status === "missing")
    ? "missing"
    : files.some((f) => f.status === "corrupt")
      ? "corrupt"
      : "ok";
  return { id: record.id, folder: record.folder, status, files };
}
