import { EXIT } from "../cli-error.js";
import type { Context } from "../context.js";
import { withLibrary } from "../open-library.js";
import { eventBar } from "../progress-bar.js";

/** `mlib verify [ID...]`: re-hashes models against their metadata; exit 1 when any is corrupt or missing. */
export async function verifyCommand(ctx: Context, ids: string[]): Promise<number> {
  const report = await withLibrary(ctx, {}, (library) =>
    library.verify(ids.length ? ids : undefined, { signal: ctx.signal, onProgress: eventBar(ctx) }),
  );
  if (ctx.json) ctx.result(report);
  else {
    for (const m of report.models) {
      if (m.status === "ok") continue;
      ctx.out(`${ctx.paint("red", m.status.padEnd(8))} ${m.id}  ${m.problem ?? ""}`);
      for (const f of m.files.filter((x) => x.status !== "ok"))
        ctx.out(`         ${f.path}: ${f.problem ?? f.status}`);
    }
    ctx.out(`${report.ok} ok, ${report.corrupt} corrupt, ${report.missing} missing`);
    if (report.corrupt + report.missing > 0)
      ctx.out(
        ctx.paint("dim", "→ re-import or re-download the models listed, then `mlib rm` the broken ones"),
      );
  }
  return report.corrupt + report.missing > 0 ? EXIT.problems : EXIT.ok;
}
