import { scanCache, verifyCache } from "@ml/integrity";
import { EXIT } from "../cli-error.js";
import type { Context } from "../context.js";
import { byteBar } from "../progress-bar.js";
import { cacheDirOf } from "./cache-dir.js";

/** `mlib cache verify [--deep] [REPO...]`: exit 1 when any file is corrupt. */
export async function cacheVerifyCommand(
  ctx: Context,
  repos: string[],
  opts: { cacheDir?: string; deep?: boolean },
): Promise<number> {
  const dir = cacheDirOf(ctx, opts);
  const total = opts.deep && ctx.progress ? await deepBytes(dir, repos) : 0;
  const bar = byteBar(ctx, total, "verifying");
  let report: Awaited<ReturnType<typeof verifyCache>>;
  try {
    report = await verifyCache(dir, {
      deep: Boolean(opts.deep),
      repos: repos.length ? repos : undefined,
      signal: ctx.signal,
      onProgress: (p) => bar.update(p.bytesDone),
    });
  } finally {
    bar.stop();
  }
  const { verified, unverifiable, corrupt } = report;
  if (ctx.json) {
    ctx.result({
      files: report.files.map((f) => ({
        repoId: f.repoId,
        revision: f.revision,
        path: f.path,
        blob: f.blob,
        status: f.status,
        ...(f.reason ? { reason: f.reason } : {}),
      })),
      verified,
      unverifiable,
      corrupt,
      warnings: report.warnings,
    });
  } else {
    for (const f of report.files) {
      if (f.status === "corrupt")
        ctx.out(`${ctx.paint("red", "corrupt")}  ${f.repoId}  ${f.path}  ${f.reason ?? ""}`);
    }
    for (const w of report.warnings) ctx.err(`warning: ${w}`);
    const how = opts.deep ? "verified by hash" : "pass cheap checks (add --deep to re-hash contents)";
    ctx.out(`${verified} ${how}, ${unverifiable} unverifiable, ${corrupt} corrupt`);
    if (corrupt > 0)
      ctx.out(
        ctx.paint("dim", "→ `mlib cache purge` removes the corrupt files so they can be downloaded again"),
      );
  }
  return corrupt > 0 ? EXIT.problems : EXIT.ok;
}

/** Bytes a deep verify will read, for the progress bar. */
async function deepBytes(dir: string, repos: string[]): Promise<number> {
  const scan = await scanCache(dir);
  return scan.repos
    .filter((r) => repos.length === 0 || repos.includes(r.repoId))
    .reduce((s, r) => s + r.sizeOnDisk, 0);
}
