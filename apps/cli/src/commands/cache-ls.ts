import { type CacheScan, scanCache } from "@ml/integrity";
import { formatBytes } from "@ml/progress";
import { EXIT } from "../cli-error.js";
import type { Context } from "../context.js";
import { cacheDirOf } from "./cache-dir.js";

/** `mlib cache ls`: what the Hugging Face cache holds, with the keys of Python's `hf cache ls`. */
export async function cacheLsCommand(ctx: Context, opts: { cacheDir?: string }): Promise<number> {
  const dir = cacheDirOf(ctx, opts);
  const scan = await scanCache(dir);
  if (ctx.json) {
    ctx.result(toJson(scan));
    return EXIT.ok;
  }
  if (scan.repos.length === 0) ctx.out(`No repositories in ${dir}.`);
  for (const repo of scan.repos) {
    ctx.out(
      `${ctx.paint("bold", repo.repoId)}  ${repo.repoType}  ${formatBytes(repo.sizeOnDisk)}  ${repo.nbFiles} files`,
    );
    for (const rev of repo.revisions) {
      const refs = rev.refs.length ? rev.refs.join(", ") : ctx.paint("dim", "detached");
      ctx.out(`  ${rev.commit.slice(0, 12)}  ${refs}  ${rev.nbFiles} files  ${formatBytes(rev.size)}`);
    }
    if (repo.incomplete.length)
      ctx.out(ctx.paint("yellow", `  ${repo.incomplete.length} unfinished download(s) (*.incomplete)`));
    if (repo.unreferencedBlobs.length)
      ctx.out(ctx.paint("dim", `  ${repo.unreferencedBlobs.length} blob(s) no snapshot points at`));
  }
  ctx.out(`Total: ${scan.repos.length} repos, ${formatBytes(scan.sizeOnDisk)} on disk in ${dir}`);
  for (const w of scan.warnings) ctx.err(`warning: ${w}`);
  return EXIT.ok;
}

function toJson(scan: CacheScan) {
  return {
    repos: scan.repos.map((r) => ({
      repoId: r.repoId,
      repoType: r.repoType,
      sizeOnDisk: r.sizeOnDisk,
      nbFiles: r.nbFiles,
      lastModified: r.lastModified,
      revisions: r.revisions.map((v) => ({
        commit: v.commit,
        refs: v.refs,
        nbFiles: v.nbFiles,
        size: v.size,
      })),
      incomplete: r.incomplete,
      unreferencedBlobs: r.unreferencedBlobs,
    })),
    sizeOnDisk: scan.sizeOnDisk,
    warnings: scan.warnings,
  };
}
