import { openDownloadQueue } from "@ml/library";
import { formatBytes } from "@ml/progress";
import { CliError, EXIT } from "../cli-error.js";
import type { Context } from "../context.js";
import { withLibrary } from "../open-library.js";

const ACTIONS = ["ls", "pause", "resume", "cancel"] as const;

/** `mlib downloads [ls|pause|resume|cancel] [ID]`: the library's persisted download queue. */
export async function downloadsCommand(
  ctx: Context,
  action: string | undefined,
  id: string | undefined,
): Promise<number> {
  const what = (action ?? "ls") as (typeof ACTIONS)[number];
  if (!ACTIONS.includes(what)) throw new CliError(`downloads ${action}: use ${ACTIONS.join(", ")}`);
  return withLibrary(ctx, {}, async (library) => {
    const queue = openDownloadQueue(library, { env: ctx.env });
    try {
      if (what === "ls") {
        const entries = queue.list();
        if (ctx.json) ctx.result({ downloads: entries });
        else if (entries.length === 0) ctx.out("No downloads.");
        else
          for (const e of entries) {
            const size = e.bytesTotal
              ? `${formatBytes(e.bytesDone)}/${formatBytes(e.bytesTotal)}`
              : formatBytes(e.bytesDone);
            ctx.out(
              `${String(e.id).padStart(4)}  ${e.state.padEnd(9)} ${size.padEnd(22)} ${e.spec}${e.reason ? `  (${e.reason})` : ""}`,
            );
          }
        return EXIT.ok;
      }
      const n = Number(id);
      if (!Number.isInteger(n) || n < 1)
        throw new CliError(`downloads ${what}: give the download's number (see \`mlib downloads ls\`)`);
      const entry = await (what === "pause"
        ? queue.pause(n)
        : what === "resume"
          ? queue.resume(n)
          : queue.cancel(n));
      if (ctx.json) ctx.result(entry);
      else
        ctx.out(
          `${entry.id}  ${entry.state}  ${entry.spec}${what === "resume" ? "  (run `mlib pull` with it again to continue here)" : ""}`,
        );
      return EXIT.ok;
    } finally {
      await queue.close();
    }
  });
}
