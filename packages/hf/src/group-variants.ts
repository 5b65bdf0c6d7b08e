import { parseQuantization } from "@ml/naming";
import { detectShardSets } from "@ml/sharding";
import { fileFormat } from "./file-format.js";
import type { RepoFile, RepoVariant } from "./types.js";

interface Unit {
  folder: string;
  baseName: string;
  weights: string[];
  indexFile?: string;
  complete: boolean;
}

// Files a weight set needs beside it: configs, tokenizers, chat templates.
const SUPPORT = /\.(json|txt|model|tiktoken|jinja)$/i;
const INDEX = /\.index(\.[^./]+)?\.json$/i;
const MMPROJ_PREFERENCE = ["F16", "BF16", "Q8_0", "F32"];

/**
 * Groups a repo listing into downloadable variants: one per GGUF quantization (shards kept
 * together, a vision projector attached), one per safetensors set (index, shards and the configs
 * and tokenizer files of its folder), and for diffusers repos one per dtype ("diffusers", "diffusers-fp16").
 */
export function groupVariants(files: RepoFile[]): RepoVariant[] {
  const sizes = new Map(files.map((f) => [f.path, f.size]));
  const paths = files.map((f) => f.path);
  const sized = (v: Omit<RepoVariant, "size">): RepoVariant => ({
    ...v,
    size: v.files.reduce((sum, path) => sum + (sizes.get(path) ?? 0), 0),
  });
  return [...ggufVariants(paths), ...safetensorsVariants(paths)].map(sized);
}

function ggufVariants(paths: string[]): Omit<RepoVariant, "size">[] {
  const ggufs = paths.filter((p) => fileFormat(p) === "gguf");
  const mmprojs = ggufs.filter((p) => /mmproj/i.test(baseOf(p)));
  const units = weightUnits(ggufs.filter((p) => !mmprojs.includes(p)));
  const labelled = units.map((unit) => ({
    unit,
    quantization: parseQuantization(unit.baseName) ?? parseQuantization(unit.folder),
  }));
  const names = labelled.map(({ unit, quantization }) => quantization ?? stripExt(unit.baseName));
  return labelled.map(({ unit, quantization }, i) => {
    const name = names[i] as string;
    const unique = names.indexOf(name) === names.lastIndexOf(name);
    const mmproj = pickMmproj(mmprojs, unit.folder);
    return {
      name: unique ? name : joinPath(unit.folder, stripExt(unit.baseName)),
      kind: "gguf",
      ...(quantization && { quantization }),
      files: [...unit.weights, ...(mmproj ? [mmproj] : [])],
      weights: unit.weights,
      ...(mmproj && { mmproj }),
      complete: unit.complete,
    };
  });
}

function safetensorsVariants(paths: string[]): Omit<RepoVariant, "size">[] {
  const candidates = paths.filter(
    (p) => fileFormat(p) === "safetensors" || /\.safetensors\.index(\.[^./]+)?\.json$/i.test(p),
  );
  const units = weightUnits(candidates);
  const diffusers = paths.includes("model_index.json");
  const components = diffusers ? units.filter((u) => u.folder !== "") : [];
  const singles = units.filter((u) => !components.includes(u));
  const support = (folder: string | undefined) =>
    paths.filter(
      (p) => SUPPORT.test(p) && !INDEX.test(p) && (folder === undefined || folderOf(p) === folder),
    );

  const variants: Omit<RepoVariant, "size">[] = singles.map((unit) => ({
    name: singles.length === 1 ? "safetensors" : joinPath(unit.folder, stripExt(unit.baseName)),
    kind: "safetensors",
    files: [
      ...unit.weights,
      ...(unit.indexFile ? [unit.indexFile] : []),
      ...(diffusers ? [] : support(unit.folder)),
    ],
    weights: unit.weights,
    complete: unit.complete,
  }));
  if (components.length === 0) return variants;

  // One diffusers variant per dtype tag: each component folder takes its tagged weights, else the default ones.
  const folders = [...new Set(components.map((u) => u.folder))];
  const tags = [...new Set(components.map((u) => dtypeTag(u.baseName)))].sort((a, b) =>
    a === "" ? -1 : a.localeCompare(b),
  );
  for (const tag of tags) {
    const picked = folders.flatMap((folder) => {
      const inFolder = components.filter((u) => u.folder === folder);
      const unit =
        inFolder.find((u) => dtypeTag(u.baseName) === tag) ??
        inFolder.find((u) => dtypeTag(u.baseName) === "");
      return unit ? [unit] : [];
    });
    const weights = picked.flatMap((u) => u.weights);
    variants.push({
      name: tag ? `diffusers-${tag}` : "diffusers",
      kind: "diffusers",
      files: [
        ...weights,
        ...picked.flatMap((u) => (u.indexFile ? [u.indexFile] : [])),
        ...support(undefined),
      ],
      weights,
      complete: picked.every((u) => u.complete),
    });
  }
  return variants;
}

/** Shard sets and lone weight files of a listing, in path order. */
function weightUnits(paths: string[]): Unit[] {
  const { sets, standalone } = detectShardSets(paths);
  const units: Unit[] = [
    ...sets.map((set) => ({
      folder: set.folder,
      baseName: set.baseName,
      weights: set.files,
      ...(set.indexFile && { indexFile: set.indexFile }),
      complete: set.complete,
    })),
    ...standalone
      .filter((p) => fileFormat(p) !== undefined)
      .map((p) => ({ folder: folderOf(p), baseName: baseOf(p), weights: [p], complete: true })),
  ];
  return units
    .filter((u) => u.weights.length > 0)
    .sort((a, b) => ((a.weights[0] as string) < (b.weights[0] as string) ? -1 : 1));
}

/** The projector beside the model (same folder, else the repo root), preferring full precision. */
function pickMmproj(mmprojs: string[], folder: string): string | undefined {
  const near = mmprojs.filter((p) => folderOf(p) === folder);
  const pool = near.length > 0 ? near : mmprojs.filter((p) => folderOf(p) === "");
  const rank = (p: string) => {
    const at = MMPROJ_PREFERENCE.indexOf(parseQuantization(p) ?? "");
    return at === -1 ? MMPROJ_PREFERENCE.length : at;
  };
  return [...pool].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1))[0];
}

/** "fp16" of "diffusion_pytorch_model.fp16.safetensors"; "" for untagged weights. */
function dtypeTag(baseName: string): string {
  return /\.([A-Za-z][A-Za-z0-9_]*)\.safetensors$/i.exec(baseName)?.[1]?.toLowerCase() ?? "";
}

function baseOf(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

function folderOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash === -1 ? "" : path.slice(0, slash);
}

function stripExt(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(0, dot) : name;
}

function joinPath(folder: string, name: string): string {
  return folder ? `${folder}/${name}` : name;
}
