import path from "node:path";
import type { Plan } from "./plan.js";

const shown = (plan: Plan, p: string) => {
  const rel = path.relative(plan.target, p);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : p;
};

/** The plan as text for a terminal (`mlib link --dry-run`): a summary line, then one line per change. */
export function formatPlan(plan: Plan, options: { showKeep?: boolean } = {}): string {
  const c = plan.counts;
  const lines = [
    `${plan.app} in ${plan.target} (strategy ${plan.strategy}): ${c.create} to create, ${c.keep} in place, ` +
      `${c["replace-broken"]} to replace, ${c.conflict} conflicts, ${c.remove} to remove`,
  ];
  for (const a of plan.actions) {
    if (a.action === "keep" && !options.showKeep) continue;
    const reason = a.reason && a.action !== "create" ? `  (${a.reason})` : "";
    lines.push(`  ${a.action.padEnd(14)} ${a.kind.padEnd(8)} ${shown(plan, a.path)}${reason}`);
  }
  for (const s of plan.skipped) lines.push(`  skipped        ${s.name}: ${s.reason}`);
  if (plan.bytesToCopy > 0) lines.push(`  copies write ${plan.bytesToCopy} bytes`);
  for (const w of plan.warnings) lines.push(`warning: ${w}`);
  return lines.join("\n");
}
