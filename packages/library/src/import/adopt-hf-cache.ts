// Registers the models of a Hugging Face hub cache without copying them: each snapshot folder
// is expanded like any import source (GGUF files, shard sets, transformers/diffusers folders),
// then hard-linked into the library, or registered in place when the cache is on another disk.
// The cache layout gives the provenance; a blob's name is its sha256, checked while hashing.
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { type HfCachedFile, listHfCacheModels } from "@ml/hf";
import { baseName } from "@ml/naming";
import type { LibraryContext } from "../store/library-context.js";
import { LibraryError } from "../store/library-error.js";
import { expandSources } from "./expand-sources.js";
import { importModel } from "./import-model.js";
import type { ImportOptions, ImportResult, ImportUnit, SkipCode } from "./import-types.js";

/** auto: hard links where the cache shares the library's file system, in-place elsewhere. */
export type HfCacheAdoptMode = "auto" | "hardlink" | "in-place";

export interface AdoptHfCacheOptions
  extends Pick<ImportOptions, "allowPickle" | "tags" | "signal" | "onProgress"> {
  /** The hub cache folder (`resolveHfConfig().cacheDir`: HF_HUB_CACHE, HF_HOME/hub, ...). */
  cacheDir: string;
  /** Only these repos (`org/name`, any case); default every model repo in the cache. */
  repos?: readonly string[];
  mode?: HfCacheAdoptMode;
}

export interface AdoptHfCacheResult extends ImportResult {
  /** Cache entries that could not be read (dangling snapshot links, unreadable folders). */
  warnings: string[];
}

/** File names that say nothing about the model: such a model is named after its repo. */
const GENERIC_NAMES = new Set([
  "model",
  "pytorch_model",
  "diffusion_pytorch_model",
  "adapter_model",
  "pytorch_lora_weights",
  "consolidated",
  "ggml-model",
  "weights",
  "lora",
]);

/** The import's answers when a hard link cannot be made, which auto turns into in-place. */
const LINK_SKIPS = new Set<SkipCode>(["CROSS_DEVICE", "LINK_REFUSED"]);

interface Snapshot {
  repo: string;
  commit: string;
  revisions: string[];
  dir: string;
  files: HfCachedFile[];
}

export async function adoptHfCache(
  ctx: LibraryContext,
  options: AdoptHfCacheOptions,
): Promise<AdoptHfCacheResult> {
  const { signal } = options;
  // Absolute, so the paths expandSources builds match the listing's.
  const cacheDir = resolve(options.cacheDir);
  const mode = options.mode ?? "auto";
  const info = await stat(cacheDir).catch(() => null);
  if (!info?.isDirectory()) {
    throw new LibraryError(
      "NOT_FOUND",
      `${cacheDir}: no Hugging Face cache folder here (set HF_HUB_CACHE or HF_HOME, or give the folder)`,
    );
  }
  const listing = await listHfCacheModels(cacheDir);
  const result: AdoptHfCacheResult = { imported: [], skipped: [], warnings: listing.warnings };

  const wanted = options.repos?.map((r) => r.toLowerCase());
  const snapshots = groupSnapshots(
    listing.files.filter((f) => !wanted || wanted.includes(f.repo.toLowerCase())),
  );
  for (const repo of options.repos ?? []) {
    if (!snapshots.some((s) => s.repo.toLowerCase() === repo.toLowerCase()))
      result.skipped.push({
        path: repo,
        code: "NOT_FOUND",
        reason: `not in the Hugging Face cache ${cacheDir}`,
      });
  }

  // Older snapshots share most blobs with the current one: each set of blobs is adopted once.
  const adoptedBlobs = new Set<string>();
  for (const snapshot of snapshots) {
    signal?.throwIfAborted();
    const byPath = new Map(snapshot.files.map((f) => [f.snapshotPath, f]));
    const { units, skipped } = await expandSources(ctx.paths, [snapshot.dir], {
      allowPickle: options.allowPickle,
      mode: mode === "auto" ? "hardlink" : mode,
    });
    result.skipped.push(...skipped);
    for (const unit of units) {
      signal?.throwIfAborted();
      const files = unit.files.map((f) => byPath.get(f.source));
      if (files.some((f) => f === undefined)) continue; // not a cache entry (cannot happen in a real cache)
      const cached = files as HfCachedFile[];
      const key = cached.map((f) => f.blobPath).join("\n");
      if (adoptedBlobs.has(key)) continue;
      adoptedBlobs.add(key);

      const expectedSha256 = Object.fromEntries(
        cached.flatMap((f) => (f.sha256 ? [[f.snapshotPath, f.sha256]] : [])),
      );
      const primary = cached[0] as HfCachedFile;
      const adopt = (how: "hardlink" | "in-place") =>
        importModel(
          ctx,
          { ...unit, name: modelName(unit, snapshot.repo) },
          {
            ...options,
            mode: how,
            expectedSha256,
            source: {
              kind: "adopt",
              repo: snapshot.repo,
              commit: snapshot.commit,
              ...(snapshot.revisions[0] !== undefined && { revision: snapshot.revisions[0] }),
              ...(unit.kind !== "folder" && { file: primary.path }),
            },
          },
        );
      let outcome = await adopt(mode === "in-place" ? "in-place" : "hardlink");
      // Auto registers in place what cannot be linked: another file system, or a link refused.
      if (mode === "auto" && "skipped" in outcome && LINK_SKIPS.has(outcome.skipped.code))
        outcome = await adopt("in-place");
      if ("imported" in outcome) result.imported.push(outcome.imported);
      else result.skipped.push(outcome.skipped);
    }
  }
  return result;
}

/**
 * The cache's files grouped by snapshot folder: those a branch or tag points at first (the
 * current ones), then detached commits.
 */
function groupSnapshots(files: HfCachedFile[]): Snapshot[] {
  const byDir = new Map<string, Snapshot>();
  for (const file of files) {
    const dir = file.snapshotPath.slice(0, file.snapshotPath.length - file.path.length - 1);
    let snapshot = byDir.get(dir);
    if (!snapshot) {
      snapshot = { repo: file.repo, commit: file.commit, revisions: file.revisions, dir, files: [] };
      byDir.set(dir, snapshot);
    }
    snapshot.files.push(file);
  }
  return [...byDir.values()].sort((a, b) => Number(b.revisions.length > 0) - Number(a.revisions.length > 0));
}

/** A folder is named after its repo; so is a file whose name says nothing (`model.safetensors`). */
function modelName(unit: ImportUnit, repo: string): string {
  const repoName = (repo.split("/").pop() ?? repo).replace(/[-_.]gguf$/i, "");
  if (unit.kind === "folder" || GENERIC_NAMES.has(unit.name.toLowerCase())) return baseName(repoName);
  return unit.name;
}
