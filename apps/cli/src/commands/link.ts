import { formatPlan, linkApp, MODEL_TYPES, type ModelType, type Strategy } from "@ml/library";
import { CliError, EXIT } from "../cli-error.js";
import type { Context } from "../context.js";
import { withLibrary } from "../open-library.js";

const STRATEGIES = ["auto", "reflink", "hardlink", "symlink", "copy", "config"] as const;

export interface LinkFlags {
  target: string;
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
export async function linkCommand(ctx: Context, app: string, flags: LinkFlags): Promise<number> {
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
      target: flags.target,
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
