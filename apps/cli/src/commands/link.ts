import { formatPlan, linkApp, MODEL_TYPES, type ModelType, type Strategy, syncLinks } from "@ml/library";
import { CliError, EXIT } from "../cli-error.js";
import type { Context } from "../context.js";
import { withLibrary } from "../open-library.js";

const STRATEGIES = ["auto", "reflink", "hardlink", "symlink", "copy", "config"] as const;

export interface LinkFlags {
  target?: string;
  sync?: boolean;
  strategy?: string;
  only?: string[];
  dryRun?: boolean;
  rename?: boolean;
}

/**
 * `mlib link APP --target DIR`: every model the app can use appears where the app looks, without
 * a copy where the filesystem allows. A user's own file in the way is reported, never touched:
 * exit 1 when there were conflicts or failures.
 */
export async function linkCommand(ctx: Context, app: string | undefined, flags: LinkFlags): Promise<number> {
  if (flags.sync) return syncCommand(ctx);
  const target = flags.target;
  if (!app || !target) throw new CliError("mlib link APP --target DIR (or mlib link --sync)");
  const strategy = (flags.strategy ?? "auto") as Strategy;
  if (!STRATEGIES.includes(strategy as (typeof STRATEGIES)[number])) {
    throw new CliError(`--strategy ${flags.strategy}: use one of ${STRATEGIES.join(", ")}`);
  }
  const only = flags.only as ModelType[] | undefined;
  for (const t of only ?? []) {
    if (!MODEL_TYPES.includes(t)) throw new CliError(`--only ${t}: use one of ${MODEL_TYPES.join(", ")}`);
  }
  const { plan, applied } = await withLibrary(ctx, {}, (library) =>
    linkApp(library, {
      app,
      target,
      strategy,
      only,
      dryRun: Boolean(flags.dryRun),
      onConflict: flags.rename ? "rename" : "skip",
    }),
  );
  if (ctx.json) ctx.result({ plan, ...(applied ? { applied } : {}) });
  else {
    ctx.out(formatPlan(plan));
    if (applied) {
      ctx.out(
        `${applied.created} created, ${applied.replaced} replaced, ${applied.removed} removed, ${applied.kept} unchanged, ${applied.conflicts} conflicts, ${applied.failed} failed`,
      );
    } else ctx.out(ctx.paint("dim", "→ dry run: nothing written; run again without --dry-run to apply"));
    if (plan.counts.conflict > 0)
      ctx.out(ctx.paint("dim", "→ your files were left alone; --rename links ours under another name"));
  }
  const failed = applied ? applied.failed + applied.conflicts : 0;
  return failed > 0 ? EXIT.problems : EXIT.ok;
}

/** `mlib link --sync`: every app install linked before is brought up to date with the library. */
async function syncCommand(ctx: Context): Promise<number> {
  const results = await withLibrary(ctx, {}, (library) => syncLinks(library));
  if (ctx.json) ctx.result({ synced: results.map(({ app, target, applied }) => ({ app, target, applied })) });
  else {
    if (results.length === 0) ctx.out("Nothing linked yet: `mlib link APP --target DIR` first.");
    for (const r of results) {
      const a = r.applied;
      ctx.out(
        `${r.app}  ${r.target}: ${a?.created ?? 0} created, ${a?.removed ?? 0} removed, ${a?.kept ?? 0} unchanged, ${a?.conflicts ?? 0} conflicts`,
      );
    }
  }
  const problems = results.reduce((n, r) => n + (r.applied?.failed ?? 0) + (r.applied?.conflicts ?? 0), 0);
  return problems > 0 ? EXIT.problems : EXIT.ok;
}
