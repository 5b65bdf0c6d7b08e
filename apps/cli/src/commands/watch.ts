import { watchLibrary } from "@ml/library";
import { EXIT } from "../cli-error.js";
import type { Context } from "../context.js";
import { withLibrary } from "../open-library.js";

/**
 * `mlib watch`: keeps the index in step with the library folder until Ctrl-C. One line per
 * change; with --json one JSON object per line (NDJSON), for scripts that follow the stream.
 */
export async function watchCommand(ctx: Context): Promise<number> {
  await withLibrary(ctx, {}, async (library) => {
    const watcher = await watchLibrary(library, {
      onEvent: (e) => {
        if (ctx.json) ctx.out(JSON.stringify({ ...e, at: new Date().toISOString() }));
        else ctx.out(`${e.kind.padEnd(9)} ${e.id}  ${e.path}${e.reason ? `  (${e.reason})` : ""}`);
      },
      onWarning: (line) => ctx.err(`warning: ${line}`),
      onError: (err) => ctx.err(`mlib watch: ${err.message}`),
    });
    if (!ctx.quiet) ctx.err(`Watching ${library.paths.root} (Ctrl-C to stop)`);
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve();
      ctx.signal.addEventListener("abort", () => resolve(), { once: true });
    });
    await watcher.close();
  });
  return EXIT.ok;
}
