// Turns the paths a user gives into models to import: a file, any member of a shard set (the
// whole set), a model folder (diffusers, transformers, PEFT: the whole folder), or any other
// folder (searched for model files and shard sets, each a model of its own).
import { readdir, stat } from "node:fs/promises";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { baseName } from "@ml/naming";
import { describeShardSet, type ShardSet } from "@ml/sharding";
import { type FolderListing, listFolder, setOf } from "../identify/folder-listing.js";
import { IdentifyError } from "../identify/identify-error.js";
import { identifyPath } from "../identify/identify-path.js";
import { isInside, type LibraryPaths } from "../store/library-paths.js";
import { libraryPlacement } from "../store/library-placement.js";
import { METADATA_FILE, OVERRIDES_FILE } from "../store/metadata-schema.js";
import type { ImportUnit, SkippedImport } from "./import-types.js";

/** Config files that make a folder one model rather than a folder of models. */
const MODEL_FOLDER_MARKERS = ["model_index.json", "config.json", "adapter_config.json"];
const MAX_DEPTH = 8;
/** A folder model with more files than this is not a model folder. */
const MAX_FOLDER_FILES = 10_000;

export interface ExpandedSources {
  units: ImportUnit[];
  skipped: SkippedImport[];
}

export async function expandSources(
  paths: LibraryPaths,
  inputs: readonly string[],
  options: { allowPickle?: boolean; mode?: string } = {},
): Promise<ExpandedSources> {
  const out: ExpandedSources = { units: [], skipped: [] };
  const seen = new Set<string>();
  const skip = (path: string, code: SkippedImport["code"], reason: string) =>
    out.skipped.push({ path, code, reason });
  const add = (unit: ImportUnit) => {
    const key = unit.files[0]?.source ?? unit.input;
    if (seen.has(key)) return; // two members of one set given: one import
    seen.add(key);
    if (unit.identification.unsafe === "pickle" && !options.allowPickle) {
      skip(
        unit.input,
        "UNSAFE",
        "pickle format: loading it can run code; import it only if you trust it (allowPickle / --allow-pickle)",
      );
    } else if (unit.files.some((f) => f.name === METADATA_FILE || f.name === OVERRIDES_FILE)) {
      skip(
        unit.input,
        "RESERVED_NAME",
        `holds a file named ${METADATA_FILE} or ${OVERRIDES_FILE}, which mlib reserves`,
      );
    } else {
      out.units.push(unit);
    }
  };
  const identified = async (
    input: string,
    target: string,
    make: (id: ImportUnit["identification"]) => ImportUnit,
  ) => {
    try {
      add(make(await identifyPath(target)));
    } catch (error) {
      if (!(error instanceof IdentifyError)) throw error;
      skip(input, error.code === "NOT_FOUND" ? "NOT_FOUND" : "UNREADABLE", error.message);
    }
  };

  const fromSet = async (input: string, set: ShardSet) => {
    if (!set.complete) {
      skip(input, "INCOMPLETE_SHARDS", `incomplete shard set: ${describeShardSet(set)}`);
      return;
    }
    const dir = dirname(set.files[0] as string);
    const files = [...set.files, ...(set.indexFile ? [set.indexFile] : [])].map((source) => ({
      source,
      name: relativeName(dir, source),
    }));
    await identified(input, set.files[0] as string, (identification) => ({
      input,
      kind: "shards",
      files,
      identification,
      name: baseName(set.baseName),
    }));
  };

  const fromFile = async (input: string, file: string, listing: FolderListing, onlyModels: boolean) => {
    const set = setOf(listing, file);
    if (set) return fromSet(input, set);
    try {
      const identification = await identifyPath(file);
      if (onlyModels && identification.format === "unknown") return;
      add({
        input,
        kind: "file",
        files: [{ source: file, name: basename(file) }],
        identification,
        name: baseName(file),
      });
    } catch (error) {
      if (!(error instanceof IdentifyError)) throw error;
      skip(input, error.code === "NOT_FOUND" ? "NOT_FOUND" : "UNREADABLE", error.message);
    }
  };

  const fromFolder = async (dir: string, depth: number): Promise<number> => {
    const listing = await listFolder(dir);
    if (MODEL_FOLDER_MARKERS.some((m) => listing.files.includes(m))) {
      const incomplete = listing.shards.sets.find((s) => !s.complete);
      if (incomplete) {
        skip(dir, "INCOMPLETE_SHARDS", `incomplete shard set: ${describeShardSet(incomplete)}`);
        return 1;
      }
      const files = await listFilesDeep(dir);
      if (!files) {
        skip(dir, "NO_MODELS", `more than ${MAX_FOLDER_FILES} files: not a model folder`);
        return 1;
      }
      await identified(dir, dir, (identification) => ({
        input: dir,
        kind: "folder",
        files: primaryFirst(files).map((source) => ({ source, name: relativeName(dir, source) })),
        identification,
        name: basename(dir),
      }));
      return 1;
    }
    let found = 0;
    const before = () => out.units.length + out.skipped.length;
    for (const set of listing.shards.sets) {
      const n = before();
      await fromSet(set.files[0] ?? set.indexFile ?? dir, set);
      found += before() - n;
    }
    for (const file of listing.shards.standalone) {
      if (basename(file).startsWith(".")) continue;
      const n = before();
      await fromFile(file, file, listing, true);
      found += before() - n;
    }
    if (depth >= MAX_DEPTH) return found;
    for (const name of listing.folders) {
      if (name.startsWith(".")) continue;
      const sub = join(dir, name);
      // Walking a folder that holds the library (adopt does): its models and state are not new.
      const where = (await libraryPlacement(paths, sub))?.where;
      if (where === "model" || where === "state") continue;
      found += await fromFolder(sub, depth + 1);
    }
    return found;
  };

  for (const given of inputs) {
    const input = resolve(given);
    const info = await stat(input).catch(() => null);
    if (!info) {
      skip(given, "NOT_FOUND", "no such file or folder");
      continue;
    }
    const placement = await libraryPlacement(paths, input);
    // Finished pulls are verified files in `.mlib/downloads`: the one part of the state imported from.
    if (placement?.where === "state" && !isInside(paths.downloads, input)) {
      skip(given, "INSIDE_LIBRARY", "is inside the library's .mlib folder");
      continue;
    }
    if (placement?.where === "model") {
      skip(given, "INSIDE_LIBRARY", `is inside the library model folder ${placement.modelFolder}`);
      continue;
    }
    // Registered where it is inside the tree, adopt would later take it for an orphan.
    if (placement?.where === "tree" && options.mode === "in-place") {
      skip(given, "INSIDE_LIBRARY", "is inside the library: adopt registers files already there");
      continue;
    }
    if (info.isDirectory()) {
      if ((await fromFolder(input, 0)) === 0) skip(given, "NO_MODELS", "no model files in this folder");
    } else if (info.isFile()) {
      await fromFile(given, input, await listFolder(dirname(input)), false);
    } else {
      skip(given, "NOT_FOUND", "not a regular file or folder");
    }
  }
  return out;
}

/** Regular files under `dir` (symlinks followed), hidden entries skipped; null when there are too many. */
async function listFilesDeep(dir: string): Promise<Array<{ path: string; size: number }> | null> {
  const files: Array<{ path: string; size: number }> = [];
  const walk = async (folder: string, depth: number): Promise<boolean> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const path = join(folder, entry.name);
      const info = await stat(path).catch(() => null);
      if (info?.isFile()) files.push({ path, size: info.size });
      else if (info?.isDirectory() && depth < MAX_DEPTH && !(await walk(path, depth + 1))) return false;
      if (files.length > MAX_FOLDER_FILES) return false;
    }
    return true;
  };
  return (await walk(dir, 0)) ? files : null;
}

/** The largest file first (the primary, whose hash names the model), the others by path. */
function primaryFirst(files: Array<{ path: string; size: number }>): string[] {
  const byPath = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const primary = byPath.reduce<{ path: string; size: number } | undefined>(
    (best, f) => (!best || f.size > best.size ? f : best),
    undefined,
  );
  return primary ? [primary.path, ...byPath.filter((f) => f !== primary).map((f) => f.path)] : [];
}

function relativeName(dir: string, file: string): string {
  return relative(dir, file).split(sep).join("/");
}
