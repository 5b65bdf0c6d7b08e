// Where one model's files go in one app: the link specs a plan compares with the disk.
import path from "node:path";
import { insertNameSuffix } from "./insert-name-suffix.js";
import type { ConfigEntry } from "./link-record.js";
import { findRule } from "./match-rule.js";
import type { MapperFile, MapperModel } from "./model.js";
import { OLLAMA_MODEL_MEDIA_TYPE, OLLAMA_PROJECTOR_MEDIA_TYPE, ollamaArtifacts } from "./ollama-artifacts.js";
import { ollamaName } from "./ollama-name.js";
import type { LinkSpec } from "./plan.js";
import type { AppProfile, ProfileRule } from "./profile.js";
import { safeSegment } from "./safe-segment.js";

export interface PlaceContext {
  /** Absolute app folder. */
  target: string;
  /** Config mode: files go into per-type folders of `farmDir`, named in `section` of the config file. */
  config?: { farmDir: string; section: string; isDefault: boolean };
  /** Ollama names chosen by the user, by model id. */
  names?: Record<string, string>;
  /** Added to the model's file, bundle or tag name to tell it from another ("" for none). */
  suffix: string;
}

export type Placement = { items: LinkSpec[] } | { skip: string };

const SHARD = /-\d{5}-of-\d{5}(?=\.[^.]+$|$)/;

function checkFiles(model: MapperModel): string | null {
  if (!Array.isArray(model.files) || model.files.length === 0) return "the model record lists no files";
  for (const f of model.files) {
    const parts = f.name.split("/");
    if (
      f.name === "" ||
      path.isAbsolute(f.name) ||
      f.name.includes("\\") ||
      parts.some((p) => p === ".." || p === "" || p === ".")
    ) {
      return `unsafe file name in the model record: "${f.name}"`;
    }
    if (!path.isAbsolute(f.path)) return `file path is not absolute: "${f.path}"`;
  }
  if (!model.files.some((f) => f.name === model.primaryFile))
    return `primary file "${model.primaryFile}" is not among its files`;
  return null;
}

function projectorOf(model: MapperModel): MapperFile | undefined {
  const name = model.projector ?? model.files.find((f) => /mmproj/i.test(path.posix.basename(f.name)))?.name;
  return name === undefined ? undefined : model.files.find((f) => f.name === name);
}

function renderFolder(template: string, model: MapperModel): string {
  const [org, repoName] = (model.repo ?? "").split("/");
  const values: Record<string, string> = {
    publisher: safeSegment(model.publisher || org || "mlib"),
    repo: safeSegment(repoName || model.name),
    name: safeSegment(model.name),
  };
  return template.replace(/\{(publisher|repo|name)\}/g, (_, key: string) => values[key] ?? "");
}

/** A bundle folder name: the primary file's stem without shard numbers, or the model name for folders. */
function bundleName(model: MapperModel): string {
  if (model.format === "diffusers" || model.format === "hf-repo") return safeSegment(model.name);
  const base = path.posix
    .basename(model.primaryFile)
    .replace(/\.[^.]+$/, "")
    .replace(SHARD, "");
  return safeSegment(base, safeSegment(model.name));
}

/** Folders strictly between `ownBase` and `file`, deepest first. */
function dirsBelow(ownBase: string, file: string): string[] {
  const dirs: string[] = [];
  for (let dir = path.dirname(file); dir.startsWith(ownBase + path.sep); dir = path.dirname(dir))
    dirs.push(dir);
  return dirs;
}

function fileSpec(model: MapperModel, file: MapperFile, dest: string, ownBase: string): LinkSpec {
  return {
    modelId: model.id,
    path: dest,
    type: "file",
    sourcePath: file.path,
    file: file.name,
    size: file.size,
    sha256: file.sha256 ?? null,
    dirs: dirsBelow(ownBase, dest),
  };
}

function placeInFolders(
  profile: AppProfile,
  rule: ProfileRule,
  model: MapperModel,
  ctx: PlaceContext,
): Placement {
  const template = rule.folder ?? "";
  const staticPrefix = template.includes("{")
    ? template.slice(0, template.indexOf("{")).replace(/[^/]*$/, "")
    : template;
  let base: string;
  let ownBase: string;
  let config: ConfigEntry | undefined;
  if (ctx.config) {
    if (!rule.configKey) return { skip: `${profile.name}'s config file has no folder for these models` };
    base = path.join(ctx.config.farmDir, rule.configKey);
    ownBase = ctx.config.farmDir;
    config = {
      section: ctx.config.section,
      key: rule.configKey,
      basePath: ctx.config.farmDir,
      isDefault: ctx.config.isDefault,
    };
  } else {
    base = path.join(ctx.target, renderFolder(template, model));
    ownBase = path.join(ctx.target, staticPrefix);
  }
  const bundle = rule.bundle === "always" || (rule.bundle === "multi-file" && model.files.length > 1);
  const items = model.files.map((file) => {
    const rel = bundle
      ? `${bundleName(model)}${ctx.suffix}/${file.name}`
      : insertNameSuffix(file.name, ctx.suffix);
    return fileSpec(model, file, path.join(base, ...rel.split("/")), ownBase);
  });
  if (config && profile.config) {
    items.push({
      modelId: model.id,
      path: path.join(ctx.target, profile.config.file),
      type: "config",
      sourcePath: null,
      file: null,
      size: 0,
      sha256: null,
      config,
      dirs: [],
    });
  }
  return { items };
}

function generated(
  model: MapperModel,
  dest: string,
  content: string,
  digest: string | undefined,
  dirs: string[],
): LinkSpec {
  return {
    modelId: model.id,
    path: dest,
    type: "generated",
    sourcePath: null,
    file: null,
    size: Buffer.byteLength(content),
    sha256: null,
    content,
    ...(digest ? { digest } : {}),
    dirs,
  };
}

function placeInOllama(model: MapperModel, ctx: PlaceContext): Placement {
  const projector = projectorOf(model);
  const weights = model.files.filter((f) => f !== projector);
  if (weights.length !== 1 || !weights[0]) {
    return {
      skip: `split GGUF (${weights.length} files): Ollama loads one file; merge it with llama-gguf-split --merge`,
    };
  }
  const main = weights[0];
  const missingHash = [main, projector].find((f) => f && !/^[0-9a-f]{64}$/.test(f.sha256 ?? ""));
  if (missingHash)
    return {
      skip: `no sha256 for ${missingHash.name}: Ollama blobs are named by it (verify the model first)`,
    };
  const blobs = path.join(ctx.target, "blobs");
  const blobSpec = (file: MapperFile, mediaType: string) => {
    const digest = `sha256:${file.sha256}`;
    const spec = { ...fileSpec(model, file, path.join(blobs, `sha256-${file.sha256}`), blobs), digest };
    return { spec, layer: { mediaType, digest, size: file.size } };
  };
  const parts = [
    blobSpec(main, OLLAMA_MODEL_MEDIA_TYPE),
    ...(projector ? [blobSpec(projector, OLLAMA_PROJECTOR_MEDIA_TYPE)] : []),
  ];
  const artifacts = ollamaArtifacts(
    parts.map((p) => p.layer),
    {
      architecture: model.architecture,
      quantization: model.quantization,
      parameterCount: model.parameterCount ?? null,
    },
  );
  const { name, tag } = ollamaName(model, ctx.names?.[model.id], ctx.suffix);
  const library = path.join(ctx.target, "manifests", "registry.ollama.ai", "library");
  const configHex = artifacts.configDigest.slice("sha256:".length);
  return {
    items: [
      ...parts.map((p) => p.spec),
      generated(model, path.join(blobs, `sha256-${configHex}`), artifacts.config, artifacts.configDigest, []),
      generated(model, path.join(library, name, tag), artifacts.manifest, undefined, [
        path.join(library, name),
      ]),
    ],
  };
}

/** The link specs that put `model` where `profile`'s app looks for it, or why the app cannot use it. */
export function placeModel(profile: AppProfile, model: MapperModel, ctx: PlaceContext): Placement {
  const bad = checkFiles(model);
  if (bad) return { skip: bad };
  const rule = findRule(profile, model);
  if (!rule) return { skip: `no ${profile.name} folder takes ${model.type} models` };
  if (rule.skip) return { skip: rule.skip };
  return profile.layout === "ollama" ? placeInOllama(model, ctx) : placeInFolders(profile, rule, model, ctx);
}
