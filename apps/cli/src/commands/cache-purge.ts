import { purgeCorrupt } from "@ml/integrity";
import { EXIT } from "../cli-error.js";
import type { Context } from "../context.js";
import { cacheDirOf } from "./cache-dir.js";

/** `mlib cache purge [--dry-run]`: removes provably corrupt files, blob and pointers together. */
export async function cachePurgeCommand(
  ctx: Context,
  repos: string[],
  opts: { cacheDir?: string; deep?: boolean; dryRun?: boolean },
): Promise<number> {
  const dir = cacheDirOf(ctx, opts);
  const result = await purgeCorrupt(dir, {
    dryRun: Boolean(opts.dryRun),
    deep: Boolean(opts.deep),
    repos: repos.length ? repos : undefined,
    signal: ctx.signal,
  });
  if (ctx.json) ctx.result({ removed: result.removed, count: result.count, dryRun: Boolean(opts.dryRun) });
  else {
    const verb = opts.dryRun ? "would remove" : "removed";
    for (const r of result.removed) ctx.out(`${verb}  ${r.path}`);
    ctx.out(result.count === 0 ? "Nothing corrupt to remove." : `${result.count} file(s) ${verb}.`);
    if (opts.dryRun && result.count > 0)
      ctx.out(ctx.paint("dim", "→ run again without --dry-run to remove them"));
  }
  return EXIT.ok;
}
