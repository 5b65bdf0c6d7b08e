import type { ImportResult } from "@ml/library";
import { EXIT } from "./cli-error.js";
import type { Context } from "./context.js";

/**
 * Prints what an import (or adopt) did: `--json` gives `{imported, skipped}` as DESIGN.md §4
 * says; text gives one line per model and per refusal, with what to do about pickles. The exit
 * code: 1 when a file was found damaged, 2 when one was refused, 0 otherwise (a duplicate is
 * not an error).
 */
export function reportImport(
  ctx: Context,
  result: ImportResult,
  verb: string,
  extra: Record<string, unknown> = {},
): number {
  const refused = result.skipped.filter((s) => s.code !== "DUPLICATE");
  if (ctx.json) {
    ctx.result({
      imported: result.imported.map(({ id, path, sha256 }) => ({ id, path, sha256 })),
      skipped: result.skipped.map(({ path, reason, code, existingId }) => ({
        path,
        reason,
        code,
        ...(existingId ? { existingId } : {}),
      })),
      ...extra,
    });
  } else {
    for (const m of result.imported) ctx.out(`${ctx.paint("green", verb)}  ${m.id}  ${m.path}`);
    for (const s of result.skipped) {
      const line = `${s.code === "DUPLICATE" ? ctx.paint("dim", "skipped ") : ctx.paint("red", "refused ")}  ${s.path}: ${s.reason}`;
      if (s.code === "DUPLICATE") ctx.out(line);
      else ctx.err(line);
    }
    if (refused.some((s) => s.code === "UNSAFE"))
      ctx.err(
        ctx.paint("dim", "→ pickle files can run code when loaded; pass --allow-pickle to take them anyway"),
      );
    if (refused.some((s) => s.code === "CORRUPT"))
      ctx.err(
        ctx.paint(
          "dim",
          "→ damaged files were left alone; `mlib cache verify --deep` lists them, `mlib cache purge` removes them",
        ),
      );
  }
  if (refused.some((s) => s.code === "CORRUPT")) return EXIT.problems;
  return refused.length > 0 ? EXIT.usage : EXIT.ok;
}
