import { EXIT } from "../cli-error.js";
import type { Context } from "../context.js";
import { withLibrary } from "../open-library.js";
import { eventBar } from "../progress-bar.js";

/** `mlib adopt`: registers model files found in the library tree without metadata.json. */
export async function adoptCommand(ctx: Context, flags: { allowPickle?: boolean }): Promise<number> {
  const result = await withLibrary(ctx, { create: true }, (library) =>
    library.adopt({ allowPickle: Boolean(flags.allowPickle), signal: ctx.signal, onProgress: eventBar(ctx) }),
  );
  if (ctx.json) ctx.result(result);
  else {
    for (const m of result.imported) ctx.out(`${ctx.paint("green", "adopted")}  ${m.id}  ${m.path}`);
    for (const s of result.skipped) ctx.err(`skipped  ${s.path}: ${s.reason}`);
    if (result.imported.length === 0 && result.skipped.length === 0)
      ctx.out("Nothing to adopt: every model file has its metadata.");
  }
  return EXIT.ok;
}
