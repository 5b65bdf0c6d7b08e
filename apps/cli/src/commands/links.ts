import { checkLibraryLinks, repairLibraryLinks } from "@ml/library";
import { CliError, EXIT } from "../cli-error.js";
import type { Context } from "../context.js";
import { withLibrary } from "../open-library.js";

/** `mlib links [check|repair]`: health of every link mlib made; exit 1 when any is broken. */
export async function linksCommand(
  ctx: Context,
  action: string | undefined,
  flags: { deep?: boolean },
): Promise<number> {
  const what = action ?? "check";
  if (what === "repair") {
    const result = await withLibrary(ctx, {}, (library) => repairLibraryLinks(library, flags));
    if (ctx.json) ctx.result(result);
    else
      ctx.out(
        `${result.ok} ok, ${result.repaired} repaired, ${result.removed} removed, ${result.forgotten} forgotten, ${result.left} left, ${result.failed} failed`,
      );
    return result.failed + result.left > 0 ? EXIT.problems : EXIT.ok;
  }
  if (what !== "check") throw new CliError(`links ${what}: use check or repair`);
  const health = await withLibrary(ctx, {}, (library) => checkLibraryLinks(library, flags));
  const broken = health.filter((h) => h.status !== "ok");
  if (ctx.json)
    ctx.result({
      links: health.map((h) => ({ ...h.record, status: h.status, detail: h.detail })),
      ok: health.length - broken.length,
      broken: broken.length,
    });
  else {
    for (const h of broken)
      ctx.out(`${ctx.paint("red", h.status.padEnd(14))} ${h.record.app}  ${h.record.path}  ${h.detail}`);
    ctx.out(`${health.length - broken.length} ok, ${broken.length} broken`);
    if (broken.length) ctx.out(ctx.paint("dim", "→ `mlib links repair` recreates what is mlib's"));
  }
  return broken.length > 0 ? EXIT.problems : EXIT.ok;
}
