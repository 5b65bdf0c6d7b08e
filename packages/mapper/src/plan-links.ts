// Compares where every model should be in an app with what is on disk and in the registry, and
// lists what to do. It changes nothing (a link probe in the target excepted: a temp name, removed).
import { createHash } from "node:crypto";
import { realpath, stat } from "node:fs/promises";
import path from "node:path";
import { chooseMethods } from "./choose-methods.js";
import { inspectLink } from "./inspect-link.js";
import type { LinkMethod, LinkRecord, LinkRegistry } from "./link-record.js";
import { lstatOrNull } from "./lstat-or-null.js";
import { MapperError } from "./mapper-error.js";
import type { MapperModel, ModelType } from "./model.js";
import { placeModel } from "./place-model.js";
import type {
  LinkProbe,
  LinkSpec,
  Plan,
  PlanAction,
  PlanActionType,
  SkippedModel,
  Strategy,
} from "./plan.js";
import { type ProbeCache, probeLinkSupport } from "./probe-link-support.js";
import type { AppProfile } from "./profile.js";
import { readExtraModelPaths } from "./read-extra-model-paths.js";
import { shortHash } from "./short-hash.js";

export interface PlanLinksOptions {
  profile: AppProfile;
  /** Absolute app folder: what `--target` names (stored as its real path). */
  target: string;
  /** Every model that should be visible in the app (or, with `only`, every model of those types). */
  models: MapperModel[];
  registry: LinkRegistry;
  /** Default "auto". */
  strategy?: Strategy;
  /** Link only models of these types. */
  only?: ModelType | ModelType[];
  /** A file mlib did not create at a path: "skip" reports it (default), "rename" links under another name. */
  onConflict?: "skip" | "rename";
  /** Remove our links of models not in `models`. Default: true unless `only` is given. */
  prune?: boolean;
  /** Config mode: folder (absolute, on the library's file system) for the per-type link farm. */
  farmDir?: string;
  /** Config mode: section of extra_model_paths.yaml; default "mlib". */
  section?: string;
  /** Config mode: mark the section is_default, so ComfyUI lists (and saves to) it first. */
  isDefault?: boolean;
  /** Ollama: the name to give a model, by model id (default: the model's normalized name). */
  names?: Record<string, string>;
  probeCache?: ProbeCache;
}

const RENAME_SUFFIX = "-mlib";
const SECTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

interface Context {
  options: PlanLinksOptions;
  profile: AppProfile;
  target: string;
  strategy: Strategy;
  /** File records by path. */
  byPath: Map<string, LinkRecord>;
  /** Config records by model id. */
  configByModel: Map<string, LinkRecord>;
  section: { state: "absent" | "ours" | "foreign"; value: Record<string, unknown> | null; error?: string };
  probes: Map<string, LinkProbe>;
}

function validate(options: PlanLinksOptions): Strategy {
  const strategy = options.strategy ?? "auto";
  const { profile } = options;
  if (!path.isAbsolute(options.target)) {
    throw new MapperError("BAD_INPUT", `target must be an absolute folder: "${options.target}"`);
  }
  if (strategy === "config") {
    if (!profile.config) {
      throw new MapperError(
        "UNSUPPORTED_STRATEGY",
        `${profile.name} has no config file mlib can write; use auto or a link method`,
      );
    }
    if (!options.farmDir || !path.isAbsolute(options.farmDir)) {
      throw new MapperError("BAD_INPUT", "config mode needs farmDir: an absolute folder for the link farm");
    }
    if (options.section !== undefined && !SECTION_NAME.test(options.section)) {
      throw new MapperError("BAD_INPUT", `section name "${options.section}" must be letters, digits, - or _`);
    }
  } else if (strategy !== "auto" && !profile.methods.includes(strategy)) {
    throw new MapperError(
      "UNSUPPORTED_STRATEGY",
      `${profile.name} cannot use ${strategy} links (it takes ${profile.methods.join(", ")})`,
    );
  } else if (!["auto", "reflink", "hardlink", "symlink", "copy"].includes(strategy)) {
    throw new MapperError("BAD_INPUT", `unknown strategy "${String(strategy)}"`);
  }
  return strategy;
}

async function readSection(
  ctx: Omit<Context, "section">,
  records: LinkRecord[],
): Promise<Context["section"]> {
  const { profile, options, target } = ctx;
  if (!profile.config || ctx.strategy !== "config") return { state: "absent", value: null };
  const file = path.join(target, profile.config.file);
  const name = options.section ?? "mlib";
  if (!(await lstatOrNull(target))?.isDirectory()) {
    return {
      state: "foreign",
      value: null,
      error: `${target} does not exist: the config file goes in the ${profile.name} folder`,
    };
  }
  try {
    const parsed = await readExtraModelPaths(file);
    const value = parsed?.sections[name];
    if (value === undefined) return { state: "absent", value: null };
    const section = (value && typeof value === "object" ? value : {}) as Record<string, unknown>;
    const ours =
      section.base_path === options.farmDir ||
      records.some((r) => r.kind === "config" && r.config?.section === name);
    return { state: ours ? "ours" : "foreign", value: section };
  } catch (error) {
    return { state: "foreign", value: null, error: (error as Error).message };
  }
}

/** Why an owned, healthy file no longer matches the spec (null: it does). */
async function staleness(ctx: Context, record: LinkRecord, spec: LinkSpec): Promise<string | null> {
  if (record.modelId !== spec.modelId) return `now for model ${spec.modelId}`;
  if (spec.type === "generated") {
    const hash = createHash("sha256")
      .update(spec.content ?? "")
      .digest("hex");
    return hash === record.sha256 ? null : "content to write changed";
  }
  if (ctx.strategy !== "auto" && ctx.strategy !== "config" && record.kind !== ctx.strategy) {
    return `is a ${record.kind}; ${ctx.strategy} was asked for`;
  }
  switch (record.kind) {
    case "symlink":
      return record.sourcePath === spec.sourcePath ? null : "the library file moved";
    case "hardlink": {
      const source = await stat(spec.sourcePath ?? "").catch(() => null);
      return source && source.ino === record.sourceIno && source.dev === record.sourceDev
        ? null
        : "the library file changed";
    }
    default:
      if (record.size !== spec.size) return "the library file's size changed";
      return record.sha256 && spec.sha256 && record.sha256 !== spec.sha256
        ? "the library file's content changed"
        : null;
  }
}

/** The kind a spec is meant to become; file links get their method once probed. */
function kindOf(ctx: Context, spec: LinkSpec): PlanAction["kind"] {
  if (spec.type === "generated") return "manifest";
  if (spec.type === "config") return "config";
  return ctx.strategy === "auto" || ctx.strategy === "config"
    ? (ctx.profile.methods[0] ?? "copy")
    : ctx.strategy;
}

function configAction(ctx: Context, spec: LinkSpec): PlanAction {
  const base = { modelId: spec.modelId, path: spec.path, kind: "config" as const, spec };
  const record = ctx.configByModel.get(spec.modelId);
  const recordId = record ? { recordId: record.id } : {};
  const sectionName = spec.config?.section ?? "";
  if (ctx.section.state === "foreign") {
    const why =
      ctx.section.error ??
      `section "${sectionName}" exists and mlib did not write it; pick another section name`;
    return { action: "conflict", ...base, reason: why };
  }
  const entry = record?.config;
  const value = ctx.section.value;
  const inPlace =
    ctx.section.state === "ours" &&
    entry !== undefined &&
    entry.key === spec.config?.key &&
    entry.basePath === spec.config?.basePath &&
    entry.isDefault === spec.config?.isDefault &&
    value?.base_path === entry.basePath &&
    typeof value?.[entry.key] === "string" &&
    (value?.is_default === true) === entry.isDefault;
  if (inPlace) return { action: "keep", ...base, ...recordId, owned: true };
  if (record)
    return {
      action: "replace-broken",
      ...base,
      ...recordId,
      record,
      reason: "config entry missing or changed",
    };
  return { action: "create", ...base };
}

async function fileAction(ctx: Context, spec: LinkSpec): Promise<PlanAction> {
  const base = { modelId: spec.modelId, path: spec.path, kind: kindOf(ctx, spec), spec };
  const record = ctx.byPath.get(spec.path);
  if (record) {
    const state = await inspectLink(record);
    const existing = { recordId: record.id, record };
    if (state.status === "missing")
      return { action: "replace-broken", ...base, ...existing, reason: "missing" };
    if (!state.owned)
      return { action: "conflict", ...base, ...existing, reason: `${state.detail}; mlib leaves it` };
    if (state.status !== "ok")
      return { action: "replace-broken", ...base, ...existing, reason: state.detail };
    const stale = await staleness(ctx, record, spec);
    if (stale) return { action: "replace-broken", ...base, ...existing, reason: stale };
    return { action: "keep", ...base, kind: record.kind, recordId: record.id, owned: true };
  }
  const st = await lstatOrNull(spec.path);
  if (!st) return { action: "create", ...base };
  if (spec.digest && st.isFile() && st.size === spec.size) {
    // Content-addressed: a blob with this name already holds these bytes (Ollama pulled it).
    return {
      action: "keep",
      ...base,
      kind: "copy",
      owned: false,
      reason: "existing blob with this digest is used as is",
    };
  }
  return { action: "conflict", ...base, reason: "a file mlib did not create is there" };
}

async function probeFor(ctx: Context, spec: LinkSpec): Promise<LinkProbe> {
  const probe = await probeLinkSupport(
    spec.sourcePath ?? "",
    path.dirname(spec.path),
    ctx.options.probeCache,
  );
  ctx.probes.set(`${probe.sourceDev}:${probe.targetDev}`, probe);
  return probe;
}

/** Fills `methods` and `kind` of the group's file creations; a reason when a forced method cannot work. */
async function assignMethods(ctx: Context, actions: PlanAction[]): Promise<string | null> {
  for (const action of actions) {
    const spec = action.spec;
    if ((action.action !== "create" && action.action !== "replace-broken") || spec?.type !== "file") continue;
    let probe: LinkProbe;
    try {
      probe = await probeFor(ctx, spec);
    } catch (error) {
      return `cannot read the library file ${spec.sourcePath}: ${(error as Error).message}`;
    }
    const chosen = chooseMethods(ctx.strategy, ctx.profile, probe);
    if ("unsupported" in chosen) return chosen.unsupported;
    const methods: LinkMethod[] = chosen.methods;
    action.methods = methods;
    action.kind = methods[0] ?? "copy";
  }
  return null;
}

interface GroupOutcome {
  actions: PlanAction[];
  skip?: string;
  /** Records of a skipped model that stay as they are (not removed as unplaced). */
  retain?: string[];
}

/** Keeps only what is in place (and conflicts); the records of dropped actions stay untouched. */
function holdBack(actions: PlanAction[], skip: string): GroupOutcome {
  const kept = actions.filter((a) => a.action === "conflict" || a.action === "keep");
  const retain = actions
    .filter((a) => a.action === "replace-broken" && a.recordId)
    .map((a) => a.recordId ?? "");
  return { actions: kept, ...(kept.length < actions.length ? { skip } : {}), retain };
}

async function planGroup(
  ctx: Context,
  model: MapperModel,
  claims: Map<string, string>,
): Promise<GroupOutcome> {
  const { options } = ctx;
  const place = (suffix: string) =>
    placeModel(ctx.profile, model, {
      target: ctx.target,
      suffix,
      ...(options.names ? { names: options.names } : {}),
      ...(ctx.strategy === "config" && options.farmDir
        ? {
            config: {
              farmDir: options.farmDir,
              section: options.section ?? "mlib",
              isDefault: options.isDefault ?? false,
            },
          }
        : {}),
    });
  const claimedByOther = (items: LinkSpec[]) =>
    items.some((s) => s.type !== "config" && (claims.get(s.path) ?? model.id) !== model.id);
  const evaluate = (items: LinkSpec[]) =>
    Promise.all(
      items.map((spec) => (spec.type === "config" ? configAction(ctx, spec) : fileAction(ctx, spec))),
    );

  const first = place("");
  if ("skip" in first) return { actions: [], skip: first.skip };
  // Names this model may carry: its own, with its id's hash (another model has the name), and
  // either with the rename suffix (a user's file has it).
  const idSuffix = `-${shortHash(model.id)}`;
  const suffixes = ["", idSuffix, RENAME_SUFFIX, `${idSuffix}${RENAME_SUFFIX}`];
  // Config entries and content-addressed blobs (perhaps Ollama's own) do not tell names apart.
  const naming = (items: LinkSpec[]) => items.filter((s) => s.type !== "config" && !s.digest);
  const linkedAt = (items: LinkSpec[]) =>
    naming(items).length > 0 && naming(items).every((s) => ctx.byPath.get(s.path)?.modelId === model.id);
  // A model keeps the names it is linked under, so another model coming or going never renames it.
  for (const suffix of suffixes) {
    const placed = suffix === "" ? first : place(suffix);
    if ("skip" in placed || !linkedAt(placed.items) || claimedByOther(placed.items)) continue;
    return settle(ctx, model, claims, placed.items, await evaluate(placed.items));
  }
  let suffix = "";
  let items = first.items;
  if (claimedByOther(items)) {
    suffix = idSuffix;
    const second = place(suffix);
    if ("skip" in second || claimedByOther(second.items))
      return { actions: [], skip: "its names collide with another model's" };
    items = second.items;
  }
  let actions = await evaluate(items);
  if (
    options.onConflict === "rename" &&
    actions.some((a) => a.action === "conflict" && a.kind !== "config")
  ) {
    const renamed = place(`${suffix}${RENAME_SUFFIX}`);
    if (!("skip" in renamed) && !claimedByOther(renamed.items)) {
      const retry = await evaluate(renamed.items);
      if (!retry.some((a) => a.action === "conflict")) {
        // Our records at the first names are dropped: the files there are not ours any more.
        const dropped = actions.filter((a) => a.action === "conflict" && a.recordId);
        actions = [...dropped, ...retry];
        items = renamed.items;
      }
    }
  }
  return settle(ctx, model, claims, items, actions);
}

/** Claims the group's names and holds back a group that cannot be made whole. */
async function settle(
  ctx: Context,
  model: MapperModel,
  claims: Map<string, string>,
  items: LinkSpec[],
  actions: PlanAction[],
): Promise<GroupOutcome> {
  for (const spec of items) if (spec.type !== "config") claims.set(spec.path, model.id);

  const conflicts = actions.filter((a) => a.action === "conflict");
  if (conflicts.length > 0) {
    // Half a model (two shards of three, a manifest without its blob) is of no use: only keep
    // what is already in place, report the rest.
    return holdBack(
      actions,
      `taken by files mlib did not create: ${conflicts.map((c) => c.path).join(", ")}`,
    );
  }
  const unsupported = await assignMethods(ctx, actions);
  return unsupported ? holdBack(actions, unsupported) : { actions };
}

function degradedWarnings(ctx: Context): string[] {
  const warnings: string[] = [];
  for (const probe of ctx.probes.values()) {
    const chosen = chooseMethods(ctx.strategy, ctx.profile, probe);
    const method = "methods" in chosen ? chosen.methods[0] : undefined;
    if (method !== "symlink" && method !== "copy") continue;
    const why = probe.reasons.hardlink ?? "refused";
    const reason = why === "EXDEV" ? "EXDEV: another file system than the library" : why;
    warnings.push(
      `${probe.dir}: hard links impossible (${reason}); using ${method === "copy" ? "copies" : "symlinks"}`,
    );
  }
  return warnings;
}

async function targetWarnings(profile: AppProfile, target: string): Promise<string[]> {
  const required = profile.detect?.all ?? [];
  const missing: string[] = [];
  for (const entry of required) if (!(await lstatOrNull(path.join(target, entry)))) missing.push(entry);
  return missing.length > 0
    ? [`${target} does not look like a ${profile.name} folder (no ${missing.join(", ")})`]
    : [];
}

/** Lists what linking `models` into `target` for `profile`'s app takes. Nothing is changed. */
export async function planLinks(options: PlanLinksOptions): Promise<Plan> {
  const strategy = validate(options);
  const { profile } = options;
  // Records name the target by its real path, so two spellings of one folder are one target.
  const resolved = path.resolve(options.target);
  const target = await realpath(resolved).catch(() => resolved);
  const records = await options.registry.list({ app: profile.id, target });
  const byPath = new Map<string, LinkRecord>();
  const configByModel = new Map<string, LinkRecord>();
  for (const record of records) {
    if (record.kind === "config") configByModel.set(record.modelId, record);
    else byPath.set(record.path, record);
  }
  const partial = {
    options,
    profile,
    target,
    strategy,
    byPath,
    configByModel,
    probes: new Map<string, LinkProbe>(),
  };
  const ctx: Context = { ...partial, section: await readSection(partial, records) };

  const only = options.only === undefined ? null : new Set<string>([options.only].flat());
  const scoped = options.models.filter((m) => !only || only.has(m.type));
  const recordCount = new Map<string, number>();
  for (const r of records) recordCount.set(r.modelId, (recordCount.get(r.modelId) ?? 0) + 1);
  // Models already linked claim their names first, so adding a model never renames another's links.
  const ordered = [...scoped].sort(
    (a, b) =>
      (recordCount.get(b.id) ?? 0) - (recordCount.get(a.id) ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );

  const actions: PlanAction[] = [];
  const skipped: SkippedModel[] = [];
  const claims = new Map<string, string>();
  const matched = new Set<string>();
  for (const model of ordered) {
    const outcome = await planGroup(ctx, model, claims);
    actions.push(...outcome.actions);
    for (const id of outcome.retain ?? []) matched.add(id);
    if (outcome.skip) skipped.push({ modelId: model.id, name: model.name, reason: outcome.skip });
  }
  for (const action of actions) if (action.recordId) matched.add(action.recordId);
  const prune = options.prune ?? only === null;
  const scopedIds = new Set(scoped.map((m) => m.id));
  const known = new Set(options.models.map((m) => m.id));
  for (const record of records) {
    if (matched.has(record.id) || (!prune && !scopedIds.has(record.modelId))) continue;
    const reason = known.has(record.modelId) ? "no longer placed here" : "model not in the list";
    actions.push({
      action: "remove",
      modelId: record.modelId,
      path: record.path,
      kind: record.kind,
      recordId: record.id,
      record,
      reason,
    });
  }

  const counts: Record<PlanActionType, number> = {
    create: 0,
    keep: 0,
    "replace-broken": 0,
    conflict: 0,
    remove: 0,
  };
  for (const action of actions) counts[action.action]++;
  const bytesToCopy = actions
    .filter((a) => (a.action === "create" || a.action === "replace-broken") && a.kind === "copy")
    .reduce((sum, a) => sum + (a.spec?.size ?? 0), 0);
  return {
    app: profile.id,
    target,
    strategy,
    actions,
    skipped,
    probes: [...ctx.probes.values()],
    warnings: [...(await targetWarnings(profile, target)), ...degradedWarnings(ctx)],
    counts,
    bytesToCopy,
  };
}
