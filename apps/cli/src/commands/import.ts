import { IMPORT_MODES, type ImportMode, MODEL_TYPES, type ModelType } from "@ml/library";
import { CliError } from "../cli-error.js";
import type { Context } from "../context.js";
import { withLibrary } from "../open-library.js";
import { eventBar } from "../progress-bar.js";
import { reportImport } from "../report-import.js";

export interface ImportFlags {
  mode?: string;
  type?: string;
  allowPickle?: boolean;
  tag?: string[];
}

/**
 * `mlib import PATH...`: files, shard sets or folders, hashed and identified. Exit 2 when a path
 * was refused (missing, unsafe pickle, incomplete shard set ...); a duplicate is not an error
 * (see reportImport).
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
  return reportImport(ctx, result, "imported");
}
