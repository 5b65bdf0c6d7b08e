import { resolve } from "node:path";
import type { MergeMode } from "@ml/library";
import { formatBytes } from "@ml/progress";
import { EXIT } from "../cli-error.js";
import type { Context } from "../context.js";
import { withLibrary } from "../open-library.js";
import { eventBar } from "../progress-bar.js";

/**
 * `mlib merge DIR [--dry-run]`: moves another library's models into this one, each verified
 * before its source goes; a crash at any point is finished or rolled back on the next open.
 * Exit 1 when a model had to stay behind.
 */
export async function mergeCommand(
  ctx: Context,
  source: string,
  flags: { dryRun?: boolean; copy?: boolean },
): Promise<number> {
  const mode: MergeMode = flags.copy ? "copy" : "move";
  const from = resolve(source);
  if (flags.dryRun) {
    const plan = await withLibrary(ctx, {}, (library) => library.merge(from, { dryRun: true, mode }));
    if (ctx.json) ctx.result(plan);
    else {
      for (const e of plan.entries) {
        ctx.out(
          `${e.action.padEnd(9)} ${(e.sourceId ?? e.folder).padEnd(40)} ${e.id && e.id !== e.sourceId ? `→ ${e.id}  ` : ""}${e.reason ?? ""}`,
        );
      }
      const c = plan.counts;
      ctx.out(
        `${c.move} to move, ${c.duplicate} duplicates, ${c.conflict} renamed, ${c.skip} to skip; ${formatBytes(plan.bytes)} to ${mode === "copy" ? "copy" : "move"}`,
      );
      ctx.out(ctx.paint("dim", "→ dry run: nothing changed; run again without --dry-run to merge"));
    }
    return EXIT.ok;
  }
  const result = await withLibrary(ctx, { create: true }, (library) =>
    library.merge(from, { mode, signal: ctx.signal, onProgress: eventBar(ctx) }),
  );
  if (ctx.json) ctx.result(result);
  else {
    for (const m of result.merged)
      ctx.out(`${m.action.padEnd(9)} ${m.sourceId}${m.id !== m.sourceId ? ` → ${m.id}` : ""}`);
    for (const s of result.skipped) ctx.err(`skipped   ${s.sourceId ?? s.folder}: ${s.reason}`);
    for (const w of result.warnings) ctx.err(`warning: ${w}`);
    ctx.out(`${result.merged.length} merged, ${result.skipped.length} left in ${result.source}`);
    if (result.links.stale.length)
      ctx.out(
        ctx.paint(
          "dim",
          `→ ${result.links.stale.length} app link(s) point at the old place: run \`mlib links repair\``,
        ),
      );
  }
  return result.skipped.length > 0 ? EXIT.problems : EXIT.ok;
}
