// Puts back what is mlib's and broken: missing or dangling links, hard links the library's file
// no longer shares, generated files, config sections. Files mlib cannot prove its own are left.
import { stat } from "node:fs/promises";
import { getProfile } from "./get-profile.js";
import { inspectLink, type LinkStatus } from "./inspect-link.js";
import type { LinkFilter, LinkMethod, LinkRecord, LinkRegistry } from "./link-record.js";
import { makeLink } from "./make-link.js";
import type { MapperModel } from "./model.js";
import type { LinkSpec } from "./plan.js";
import type { ExtraModelPaths } from "./read-extra-model-paths.js";
import { removeRecords } from "./remove-records.js";
import { type SectionRef, syncConfigSections } from "./sync-config-sections.js";

export interface RepairLinksOptions {
  /**
   * The library's current models. With it, links follow files the library moved, and links of
   * models no longer in the list are removed. Without it, a link is rebuilt from its record.
   */
  models?: MapperModel[];
  deep?: boolean;
  filter?: LinkFilter;
}

export interface RepairOutcome {
  record: LinkRecord;
  before: LinkStatus;
  outcome: "repaired" | "removed" | "forgotten" | "left" | "failed";
  detail: string;
}

export interface RepairResult {
  results: RepairOutcome[];
  ok: number;
  repaired: number;
  removed: number;
  forgotten: number;
  left: number;
  failed: number;
}

const ALL_METHODS: LinkMethod[] = ["reflink", "hardlink", "symlink", "copy"];

function methodsFor(record: LinkRecord): LinkMethod[] {
  let allowed = ALL_METHODS;
  try {
    allowed = getProfile(record.app).methods;
  } catch {
    // A custom profile: every method is allowed.
  }
  const first = record.kind as LinkMethod;
  return [first, ...allowed.filter((m) => m !== first)];
}

async function sourceFor(
  record: LinkRecord,
  models: Map<string, MapperModel> | null,
): Promise<string | null> {
  const moved = record.file
    ? models?.get(record.modelId)?.files.find((f) => f.name === record.file)?.path
    : undefined;
  const source = moved ?? record.sourcePath;
  if (!source) return null;
  return (await stat(source).catch(() => null))?.isFile() ? source : null;
}

async function rebuild(
  record: LinkRecord,
  before: LinkStatus,
  registry: LinkRegistry,
  models: Map<string, MapperModel> | null,
) {
  const generated = record.kind === "manifest";
  const source = generated ? null : await sourceFor(record, models);
  if (!generated && !source)
    return { outcome: "left" as const, detail: "the library file is gone; run mlib link again" };
  const spec: LinkSpec = {
    modelId: record.modelId,
    path: record.path,
    type: generated ? "generated" : "file",
    sourcePath: source,
    file: record.file ?? null,
    size: record.size,
    sha256: record.sha256 ?? null,
    ...(record.digest ? { digest: record.digest } : {}),
    ...(record.content !== undefined ? { content: record.content } : {}),
    dirs: record.dirs ?? [],
  };
  const made = await makeLink({
    spec,
    methods: generated ? [] : methodsFor(record),
    app: record.app,
    target: record.target,
    registry,
    previous: record,
    overwrite: before !== "missing",
  });
  return {
    outcome: "repaired" as const,
    detail: made.kind === record.kind ? `${made.kind} made again` : `made again as ${made.kind}`,
  };
}

/** Repairs the registry's broken links; one outcome per record that was not ok. */
export async function repairLinks(
  registry: LinkRegistry,
  options: RepairLinksOptions = {},
): Promise<RepairResult> {
  const models = options.models ? new Map(options.models.map((m) => [m.id, m])) : null;
  const configs = new Map<string, Promise<ExtraModelPaths | null>>();
  const results: RepairOutcome[] = [];
  const sections: SectionRef[] = [];
  let ok = 0;
  for (const record of await registry.list(options.filter)) {
    const state = await inspectLink(record, { deep: options.deep ?? false, configs });
    if (state.status === "ok") {
      ok++;
      continue;
    }
    const report = (outcome: RepairOutcome["outcome"], detail: string) =>
      results.push({ record, before: state.status, outcome, detail });
    try {
      if (models && !models.has(record.modelId)) {
        const removed = await removeRecords([record], registry);
        sections.push(...removed.sections);
        report("removed", removed.results[0]?.detail ?? "model no longer in the library");
      } else if (state.status === "config-missing") {
        sections.push({ file: record.path, section: record.config?.section ?? "" });
        report("repaired", "config section written again");
      } else if (state.status === "modified") {
        report("left", `${state.detail}: delete it and run repair to restore it`);
      } else if (!state.owned && state.status !== "missing") {
        await registry.remove(record.id);
        report("forgotten", `${state.detail}: not mlib's any more`);
      } else {
        const rebuilt = await rebuild(record, state.status, registry, models);
        report(rebuilt.outcome, rebuilt.detail);
      }
    } catch (error) {
      report("failed", (error as Error).message);
    }
  }
  try {
    await syncConfigSections(registry, sections);
  } catch (error) {
    for (const r of results)
      if (r.record.kind === "config")
        Object.assign(r, { outcome: "failed", detail: (error as Error).message });
  }
  const count = (outcome: RepairOutcome["outcome"]) => results.filter((r) => r.outcome === outcome).length;
  return {
    results,
    ok,
    repaired: count("repaired"),
    removed: count("removed"),
    forgotten: count("forgotten"),
    left: count("left"),
    failed: count("failed"),
  };
}
