import { pullIntoLibrary } from "@ml/library";
import { CliError, EXIT } from "../cli-error.js";
import type { Context } from "../context.js";
import { withLibrary } from "../open-library.js";
import { eventBar } from "../progress-bar.js";

/**
 * `mlib pull org/repo[:QUANT]` or `org/repo/path/file`: resumable (a re-run continues the
 * `.part` files, Ctrl-C pauses), every byte checked against the hub's sha256, then imported
 * with its provenance. `--to hf-cache` writes the official HF cache instead.
 */
export async function pullCommand(
  ctx: Context,
  spec: string,
  flags: { revision?: string; to?: string },
): Promise<number> {
  const toHfCache = flags.to === "hf-cache";
  if (flags.to && !toHfCache)
    throw new CliError(`--to ${flags.to}: only hf-cache is supported (default: the library)`);
  const result = await withLibrary(ctx, { create: true }, (library) =>
    pullIntoLibrary(library, spec, {
      revision: flags.revision,
      env: ctx.env,
      toHfCache,
      signal: ctx.signal,
      onProgress: eventBar(ctx),
    }),
  );
  if (ctx.json) {
    ctx.result({
      download: result.download.id,
      repo: result.pull.repo,
      revision: result.pull.revision,
      commit: result.pull.commit,
      files: result.pull.files.map(({ path, size, sha256 }) => ({ path, size, sha256 })),
      ...(result.imported ? { imported: result.imported.imported, skipped: result.imported.skipped } : {}),
    });
  } else {
    for (const f of result.pull.files)
      ctx.out(`${ctx.paint("green", "verified")}  ${f.path}  sha256 ${f.sha256}`);
    for (const m of result.imported?.imported ?? []) ctx.out(`imported  ${m.id}`);
    for (const s of result.imported?.skipped ?? []) ctx.out(`skipped   ${s.path}: ${s.reason}`);
    if (toHfCache) ctx.out(`written to the Hugging Face cache (commit ${result.pull.commit})`);
  }
  return EXIT.ok;
}
