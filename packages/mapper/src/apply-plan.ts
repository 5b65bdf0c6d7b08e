// Executes a plan: removals first (they free names), then links, then generated files that
// point at them (an Ollama manifest only once its blobs exist), then config sections.
import { randomUUID } from "node:crypto";
import { inspectLink } from "./inspect-link.js";
import type { LinkRecord, LinkRegistry } from "./link-record.js";
import { makeLink, PathTakenError } from "./make-link.js";
import type { AppliedAction, ApplyResult, Plan, PlanAction } from "./plan.js";
import { removeRecords } from "./remove-records.js";
import { type SectionRef, syncConfigSections } from "./sync-config-sections.js";

export interface ApplyPlanOptions {
  /** The registry the plan was made from: each file is recorded in it as it is made. */
  registry: LinkRegistry;
}

const row = (action: PlanAction, status: AppliedAction["status"], detail?: string): AppliedAction => ({
  action: action.action,
  modelId: action.modelId,
  path: action.path,
  kind: action.kind,
  status,
  ...(detail ? { detail } : {}),
});

/** Manifests (generated, no digest) last: they name blobs that must exist first. */
const order = (a: PlanAction) => (a.spec?.type === "generated" && !a.spec.digest ? 1 : 0);

async function makeFile(plan: Plan, action: PlanAction, registry: LinkRegistry): Promise<AppliedAction> {
  const spec = action.spec;
  if (!spec) return row(action, "failed", "action has no link spec");
  const previous = action.action === "replace-broken" ? action.record : undefined;
  let overwrite = false;
  if (previous) {
    const state = await inspectLink(previous);
    if (state.status !== "missing" && !state.owned) {
      await registry.remove(previous.id);
      return row(action, "left", `${state.detail} since the plan; mlib leaves it`);
    }
    overwrite = state.status !== "missing" && previous.path === spec.path;
  }
  try {
    const record = await makeLink({
      spec,
      methods: action.methods ?? [],
      app: plan.app,
      target: plan.target,
      registry,
      ...(previous ? { previous } : {}),
      overwrite,
    });
    const done = row(action, "done", record.kind !== action.kind ? `fell back to ${record.kind}` : undefined);
    done.kind = record.kind;
    return done;
  } catch (error) {
    if (error instanceof PathTakenError) return row(action, "left", error.message);
    return row(action, "failed", (error as Error).message);
  }
}

function configRecord(plan: Plan, action: PlanAction): LinkRecord {
  return {
    id: action.record?.id ?? randomUUID(),
    app: plan.app,
    target: plan.target,
    path: action.path,
    kind: "config",
    modelId: action.modelId,
    sourcePath: null,
    size: 0,
    ...(action.spec?.config ? { config: action.spec.config } : {}),
    createdAt: new Date().toISOString(),
  };
}

/** Carries out `plan`. Failures are reported per action; the rest still runs. */
export async function applyPlan(plan: Plan, options: ApplyPlanOptions): Promise<ApplyResult> {
  const { registry } = options;
  const removal = await removeRecords(
    plan.actions.flatMap((a) => (a.action === "remove" && a.record ? [a.record] : [])),
    registry,
  );
  const results: AppliedAction[] = [...removal.results];
  const sections: SectionRef[] = [...removal.sections];

  for (const action of plan.actions) {
    if (action.action !== "conflict" || !action.recordId) continue;
    // Our file at this path was replaced by someone else's: the record no longer describes anything of ours.
    await registry.remove(action.recordId);
    results.push(row(action, "left", action.reason));
  }

  const toMake = plan.actions
    .filter((a) => (a.action === "create" || a.action === "replace-broken") && a.kind !== "config")
    .sort((a, b) => order(a) - order(b));
  const broken = new Set<string>();
  for (const action of toMake) {
    if (order(action) === 1 && broken.has(action.modelId)) {
      results.push(row(action, "failed", "not written: a file it names could not be made"));
      continue;
    }
    const result = await makeFile(plan, action, registry);
    if (result.status !== "done") broken.add(action.modelId);
    results.push(result);
  }

  const configRows: AppliedAction[] = [];
  for (const action of plan.actions) {
    if ((action.action !== "create" && action.action !== "replace-broken") || action.kind !== "config")
      continue;
    await registry.add(configRecord(plan, action));
    sections.push({ file: action.path, section: action.spec?.config?.section ?? "" });
    configRows.push(row(action, "done"));
  }
  try {
    await syncConfigSections(registry, sections);
  } catch (error) {
    for (const r of configRows) Object.assign(r, { status: "failed", detail: (error as Error).message });
  }
  results.push(...configRows);

  const count = (action: PlanAction["action"], status: AppliedAction["status"]) =>
    results.filter((r) => r.action === action && r.status === status).length;
  return {
    results,
    created: count("create", "done"),
    replaced: count("replace-broken", "done"),
    removed: count("remove", "done"),
    kept: plan.counts.keep,
    conflicts:
      plan.counts.conflict +
      results.filter((r) => r.status === "left" && r.action !== "conflict" && r.action !== "remove").length,
    failed: results.filter((r) => r.status === "failed").length,
  };
}
