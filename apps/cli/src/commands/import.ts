import { IMPORT_MODES, type ImportMode, MODEL_TYPES, type ModelType } from "@ml/library";
import { CliError, EXIT } from "../cli-error.js";
import type { Context } from "../context.js";
import { withLibrary } from "../open-library.js";
import { eventBar } from "../progress-bar.js";

export interface ImportFlags {
  mode?: string;
  type?: string;
  allowPickle?: boolean;
  tag?: string[];
}

/**
 * `mlib import PATH...`: files, shard sets or folders, hashed and identified. Exit 2 when a path
 * was refused (missing, unsafe pickle, incomplete shard set ...); a duplicate is not an error.
 */
export async function importCommand(ctx: Context, paths: string[], flags: ImportFlags): Promise<number> {
  const mode = (flags.mode ?? "copy") as ImportMode;
  if (!IMPORT_MODES.includes(mode)) {
    throw new CliError(`--mode ${flags.mode}: use one of ${IMPORT_MODES.join(", ")}`);
  }
  if (flags.type && !MODEL_TYPES.includes(flags.type as ModelType)) {
    throw new CliError(`--type ${flags.type}: use one of ${MODEL_TYPES.join(", ")}`);
  }
  const result = await withLibrary(ctx, { create: true }, (library) =>
    library.import(paths, {
      mode,
      type: flags.type as ModelType | undefined,
      allowPickle: Boolean(flags.allowPickle),
      tags: flags.tag,
      signal: ctx.signal,
      onProgress: eventBar(ctx),
    }),
  );
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
    });
  } else {
    for (const m of result.imported) ctx.out(`${ctx.paint("green", "imported")}  ${m.id}  ${m.path}`);
    for (const s of result.skipped) {
      const line = `${s.code === "DUPLICATE" ? ctx.paint("dim", "skipped ") : ctx.paint("red", "refused ")}  ${s.path}: ${s.reason}`;
      if (s.code === "DUPLICATE") ctx.out(line);
      else ctx.err(line);
    }
    if (refused.some((s) => s.code === "UNSAFE"))
      ctx.err(
        ctx.paint(
          "dim",
          "→ pickle files can run code when loaded; pass --allow-pickle to import them anyway",
        ),
      );
  }
  return refused.length > 0 ? EXIT.usage : EXIT.ok;
}
