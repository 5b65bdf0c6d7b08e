// Deletes the files of records, but only files provably mlib's: a symlink with the recorded
// text, a hard link with the recorded inode, a copy or generated file with the recorded inode,
// size and mtime (or content). Anything else is left in place and its record dropped.
import { rmdir, unlink } from "node:fs/promises";
import { inspectLink } from "./inspect-link.js";
import type { LinkRecord, LinkRegistry } from "./link-record.js";
import { ollamaReferences } from "./ollama-references.js";
import type { AppliedAction } from "./plan.js";
import type { SectionRef } from "./sync-config-sections.js";

const row = (record: LinkRecord, status: AppliedAction["status"], detail?: string): AppliedAction => ({
  action: "remove",
  modelId: record.modelId,
  path: record.path,
  kind: record.kind,
  status,
  ...(detail ? { detail } : {}),
});

async function removeOne(
  record: LinkRecord,
  registry: LinkRegistry,
  usedDigests: Set<string> | null,
): Promise<AppliedAction> {
  const state = await inspectLink(record);
  if (state.status === "missing") {
    await registry.remove(record.id);
    return row(record, "done", "already gone");
  }
  if (!state.owned) {
    await registry.remove(record.id);
    return row(record, "left", `${state.detail}: not mlib's file, left in place`);
  }
  if (record.digest && usedDigests?.has(record.digest)) {
    await registry.remove(record.id);
    return row(record, "left", "another Ollama manifest still uses this blob");
  }
  // The file goes first: a crash before the record goes leaves a "missing" record, never an
  // unrecorded link keeping a deleted model's bytes alive.
  await unlink(record.path);
  await registry.remove(record.id);
  return row(record, "done");
}

async function blobsInUse(records: LinkRecord[]): Promise<Map<string, Set<string> | null>> {
  const byTarget = new Map<string, Set<string> | null>();
  for (const record of records) {
    if (!record.digest || byTarget.has(record.target)) continue;
    const refs = await ollamaReferences(record.target);
    // An unreadable manifest might name any blob: keep them all.
    byTarget.set(record.target, refs.unreadable.length > 0 ? null : refs.digests);
  }
  return byTarget;
}

/**
 * Removes `records` (files, config records, then now-empty model folders): one row per record,
 * and the config sections the caller must bring in line (syncConfigSections) afterwards.
 */
export async function removeRecords(
  records: LinkRecord[],
  registry: LinkRegistry,
): Promise<{ results: AppliedAction[]; sections: SectionRef[] }> {
  const results: AppliedAction[] = [];
  const attempt = async (record: LinkRecord, used: Set<string> | null) => {
    try {
      results.push(await removeOne(record, registry, used));
    } catch (error) {
      results.push(row(record, "failed", (error as Error).message));
    }
  };
  // Manifests go before blobs, so the blobs they named are free to go too.
  const blobs = records.filter((r) => r.digest);
  for (const record of records.filter((r) => !r.digest && r.kind !== "config")) await attempt(record, null);
  const inUse = await blobsInUse(blobs);
  for (const record of blobs) {
    const used = inUse.get(record.target);
    if (used === null) {
      await registry.remove(record.id);
      results.push(row(record, "left", "an Ollama manifest could not be read, so blobs stay"));
    } else {
      await attempt(record, used ?? new Set());
    }
  }
  const configs = records.filter((r) => r.kind === "config");
  for (const record of configs) {
    await registry.remove(record.id);
    results.push(row(record, "done"));
  }
  const dirs = [...new Set(records.flatMap((r) => r.dirs ?? []))].sort((a, b) => b.length - a.length);
  for (const dir of dirs) {
    // Only empty folders go; anything else (not empty, gone, no permission) leaves the folder be.
    await rmdir(dir).catch(() => undefined);
  }
  return { results, sections: configs.map((r) => ({ file: r.path, section: r.config?.section ?? "" })) };
}
