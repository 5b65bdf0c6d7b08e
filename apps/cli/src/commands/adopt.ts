import type { HfCacheAdoptMode } from "@ml/library";
import { CliError, EXIT } from "../cli-error.js";
import type { Context } from "../context.js";
import { withLibrary } from "../open-library.js";
import { eventBar } from "../progress-bar.js";
import { reportImport } from "../report-import.js";
import { cacheDirOf } from "./cache-dir.js";

export interface AdoptFlags {
  allowPickle?: boolean;
  from?: string;
  cacheDir?: string;
  repo?: string[];
  mode?: string;
}

const HF_CACHE_MODES: readonly HfCacheAdoptMode[] = ["auto", "hardlink", "in-place"];

/**
 * `mlib adopt`: registers model files found in the library tree without metadata.json.
 * `mlib adopt --from hf-cache`: registers the models of the Hugging Face cache without copying
 * them (hard links, or in place across file systems), each blob checked against its sha256.
 */
export async function adoptCommand(ctx: Context, flags: AdoptFlags): Promise<number> {
  if (flags.from !== undefined) return adoptHfCacheCommand(ctx, flags);
  for (const flag of ["cacheDir", "repo", "mode"] as const) {
    if (flags[flag] !== undefined) throw new CliError(`--${kebab(flag)} goes with --from hf-cache`);
  }
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

async function adoptHfCacheCommand(ctx: Context, flags: AdoptFlags): Promise<number> {
  if (flags.from !== "hf-cache") throw new CliError(`--from ${flags.from}: only hf-cache is supported`);
  const mode = (flags.mode ?? "auto") as HfCacheAdoptMode;
  if (!HF_CACHE_MODES.includes(mode))
    throw new CliError(`--mode ${flags.mode}: use one of ${HF_CACHE_MODES.join(", ")}`);
  const cacheDir = cacheDirOf(ctx, flags);
  const result = await withLibrary(ctx, { create: true }, (library) =>
    library.adoptHfCache({
      cacheDir,
      mode,
      ...(flags.repo?.length && { repos: flags.repo }),
      allowPickle: Boolean(flags.allowPickle),
      signal: ctx.signal,
      onProgress: eventBar(ctx),
    }),
  );
  if (!ctx.json) {
    for (const warning of result.warnings) ctx.err(`${ctx.paint("yellow", "warning")}  ${warning}`);
    if (result.imported.length === 0 && result.skipped.length === 0)
      ctx.out(`Nothing to adopt: no model files in the Hugging Face cache ${cacheDir}.`);
  }
  return reportImport(ctx, result, "adopted", { cacheDir, warnings: result.warnings });
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
