import fs from "node:fs/promises";
import path from "node:path";
import { codeOf } from "./check-cache-file.js";
import { IntegrityError } from "./integrity-error.js";
import { type CachedRepo, openCache, readRepo } from "./read-cache.js";
import { type VerifiedFile, type VerifyOptions, type VerifyReport, verifyCache } from "./verify-cache.js";

export interface PurgeOptions extends VerifyOptions {
  /** List what would be removed, remove nothing. */
  dryRun?: boolean;
  /** A report from `verifyCache` on the same folder, to purge without verifying (and hashing) again. */
  report?: VerifyReport;
  /**
   * Also remove partial downloads (`blobs/*.incomplete`) not written to for this long. Off by
   * default: a running download, or a later resume by huggingface_hub, may still need them.
   */
  incompleteOlderThanMs?: number;
}

export interface RemovedEntry {
  /** Absolute path of the link or file removed. */
  path: string;
  /** The blob concerned (for a pointer, the blob it pointed at); null when it named none. */
  blob: string | null;
  repoId: string;
  kind: "blob" | "pointer" | "incomplete";
}

export interface PurgeResult {
  dryRun: boolean;
  removed: RemovedEntry[];
  count: number;
  /** Corrupt entries left in place, with why (a folder or FIFO where a blob should be: not ours to delete). */
  skipped: { path: string; reason: string }[];
  warnings: string[];
}

/**
 * Removes what a verify found provably corrupt, so the next download fetches it again: a bad blob
 * together with every snapshot link to it (a link left behind would be served as is, a blob left
 * behind would be linked again), and dangling links. Only links and regular files inside the cache
 * are removed, links are never followed, and each finding is re-checked on disk just before.
 */
export async function purgeCorrupt(cacheDir: string, options: PurgeOptions = {}): Promise<PurgeResult> {
  const { dryRun = false, incompleteOlderThanMs } = options;
  const opened = await openCache(cacheDir, options.repos);
  const report = options.report ?? (await verifyCache(cacheDir, options));
  if (report.cacheDir !== opened.cacheDir) {
    throw new IntegrityError(
      "REPORT_MISMATCH",
      opened.cacheDir,
      `the verify report is for ${report.cacheDir}`,
    );
  }

  const result: PurgeResult = { dryRun, removed: [], count: 0, skipped: [], warnings: [] };
  const remove = async (entry: RemovedEntry, expect: "file" | "link") => {
    try {
      const stats = await fs.lstat(entry.path).catch((error) => {
        // Already gone (a dangling link's missing blob, a race): nothing to remove, nothing to report.
        if (codeOf(error) === "ENOENT") return null;
        throw error;
      });
      if (!stats) return;
      if (expect === "file" ? !stats.isFile() : !stats.isSymbolicLink()) {
        result.skipped.push({ path: entry.path, reason: `no longer a ${expect}; left in place` });
        return;
      }
      if (!dryRun) await fs.unlink(entry.path);
      result.removed.push(entry);
    } catch (error) {
      result.skipped.push({ path: entry.path, reason: `cannot remove (${codeOf(error)})` });
    }
  };

  for (const folder of opened.repos) {
    const records = report.files.filter(
      (file) =>
        file.status === "corrupt" && file.repoId === folder.repoId && file.repoType === folder.repoType,
    );
    if (records.length === 0 && incompleteOlderThanMs === undefined) continue;
    options.signal?.throwIfAborted();
    const repo = await readRepo(folder);
    const plan = planRepo(repo, records, result);
    // Blobs first: if we stop half-way, links left dangling are re-fetched by the clients, while a
    // bad blob left without links would be linked again.
    for (const [blobPath, blob] of plan.blobs) {
      await remove(
        { path: path.join(repo.blobs.dir, path.basename(blobPath)), blob, repoId: repo.repoId, kind: "blob" },
        "file",
      );
    }
    for (const [entryPath, blob] of plan.loopLinks)
      await remove({ path: entryPath, blob, repoId: repo.repoId, kind: "blob" }, "link");
    for (const [pointer, blob] of plan.pointers)
      await remove({ path: pointer, blob, repoId: repo.repoId, kind: "pointer" }, "link");

    if (incompleteOlderThanMs !== undefined) {
      const cutoff = Date.now() - incompleteOlderThanMs;
      for (const file of repo.blobFiles) {
        if (file.name.endsWith(".incomplete") && file.stats.isFile() && file.stats.mtimeMs < cutoff) {
          const blob = file.name.slice(0, -".incomplete".length);
          await remove({ path: file.path, blob, repoId: repo.repoId, kind: "incomplete" }, "file");
        }
      }
    }
  }
  result.count = result.removed.length;
  return result;
}

interface RepoPlan {
  /** Real blob path → blob name. */
  blobs: Map<string, string>;
  /** Links standing in `blobs/` where a blob should be (part of a loop or a dangling chain). */
  loopLinks: Map<string, string>;
  /** Snapshot links to remove → blob they name. */
  pointers: Map<string, string | null>;
}

// Matches each corrupt record with what is on disk now; acts only when both agree.
function planRepo(repo: CachedRepo, records: VerifiedFile[], result: PurgeResult): RepoPlan {
  const plan: RepoPlan = { blobs: new Map(), loopLinks: new Map(), pointers: new Map() };
  const byKey = new Map(repo.entries.map((entry) => [`${entry.revision}\0${entry.path}`, entry.inspection]));
  for (const record of records) {
    const now = byKey.get(`${record.revision}\0${record.path}`);
    if (!now || now.blob !== record.blob) {
      result.warnings.push(
        `${repo.repoId} ${record.revision}/${record.path}: changed since it was verified; left alone`,
      );
      continue;
    }
    const contentBad = record.problem === "mismatch" && now.status === "verified";
    if ((contentBad || (record.problem === "empty" && now.problem === "empty")) && now.blobPath && now.blob) {
      if (plan.blobs.has(now.blobPath)) continue;
      plan.blobs.set(now.blobPath, now.blob);
      if (now.stats && now.stats.nlink > 1) {
        result.warnings.push(
          `${now.blobPath}: has ${now.stats.nlink - 1} other hard link(s); their content is corrupt too`,
        );
      }
    } else if (
      (record.problem === "dangling" || record.problem === "loop") &&
      now.problem === record.problem
    ) {
      plan.pointers.set(now.path, now.blob);
      if (now.blobEntry) plan.loopLinks.set(now.blobEntry, now.blob ?? path.basename(now.blobEntry));
    } else if (record.problem === "not-a-file" && now.problem === "not-a-file") {
      const where = now.blobPath ?? now.path;
      if (!result.skipped.some((skip) => skip.path === where)) {
        result.skipped.push({
          path: where,
          reason: `${now.reason}: left in place, remove it by hand if it is not needed`,
        });
      }
    } else {
      result.warnings.push(
        `${repo.repoId} ${record.revision}/${record.path}: changed since it was verified; left alone`,
      );
    }
  }
  // Every link to a removed blob goes too, also links the report did not list (made after it).
  for (const entry of repo.entries) {
    const { blobPath, blob } = entry.inspection;
    if (blobPath && plan.blobs.has(blobPath)) plan.pointers.set(entry.inspection.path, blob);
  }
  return plan;
}
