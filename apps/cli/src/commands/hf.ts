import { access } from "node:fs/promises";
import { join } from "node:path";
import { createHubFetch, repoDetails, resolveHfConfig, resolveLibraryRoot, searchModels } from "@ml/library";
import { formatBytes } from "@ml/progress";
import { CliError, EXIT } from "../cli-error.js";
import type { Context } from "../context.js";

const SORTS = ["downloads", "likes", "lastModified", "trendingScore", "createdAt"] as const;

export interface HfSearchFlags {
  format?: string;
  author?: string;
  task?: string;
  sort?: string;
  limit?: string;
}

/**
 * `mlib hf search QUERY`: the hub's models with their formats and quantizations. Answers are
 * cached in the library (24 h); offline or unreachable, cached answers up to 7 days old are
 * shown marked stale.
 */
export async function hfSearchCommand(ctx: Context, query: string, flags: HfSearchFlags): Promise<number> {
  if (flags.sort && !SORTS.includes(flags.sort as (typeof SORTS)[number])) {
    throw new CliError(`--sort ${flags.sort}: use one of ${SORTS.join(", ")}`);
  }
  const limit = flags.limit === undefined ? 20 : Number(flags.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new CliError(`--limit ${flags.limit}: 1 to 1000`);
  const hub = createHubFetch(resolveHfConfig(ctx.env));
  const result = await searchModels(
    {
      query,
      format: flags.format,
      author: flags.author,
      task: flags.task,
      sort: flags.sort as (typeof SORTS)[number] | undefined,
      limit,
    },
    { hub, cacheDb: await searchCache(ctx), signal: ctx.signal },
  );
  if (ctx.json) {
    ctx.result(result);
    return EXIT.ok;
  }
  if (result.stale)
    ctx.err(ctx.paint("yellow", `offline: cached results from ${new Date(result.fetchedAt).toISOString()}`));
  if (result.items.length === 0) ctx.out(`No models match "${query}".`);
  for (const m of result.items) {
    const quants = m.quantizations.length ? `  ${m.quantizations.join(" ")}` : "";
    ctx.out(
      `${ctx.paint("bold", m.repo.padEnd(48))} ${String(m.downloads).padStart(9)} ↓  ${m.formats.join(",")}${quants}`,
    );
  }
  return EXIT.ok;
}

/** `mlib hf info REPO`: files with their hub hashes, grouped into the variants `mlib pull` takes. */
export async function hfInfoCommand(
  ctx: Context,
  repo: string,
  flags: { revision?: string },
): Promise<number> {
  const hub = createHubFetch(resolveHfConfig(ctx.env));
  const details = await repoDetails(repo, { revision: flags.revision, hub, signal: ctx.signal });
  if (ctx.json) {
    ctx.result(details);
    return EXIT.ok;
  }
  ctx.out(
    `${ctx.paint("bold", details.repo)} @ ${details.commit}${details.gated ? "  (gated: needs HF_TOKEN)" : ""}`,
  );
  for (const v of details.variants) {
    const spec =
      v.kind === "gguf" && v.quantization ? `${details.repo}:${v.quantization}` : `${details.repo}:${v.name}`;
    ctx.out(
      `  ${v.name.padEnd(22)} ${formatBytes(v.size).padStart(10)}  ${v.files.length} files${v.complete ? "" : ctx.paint("red", "  incomplete")}  → mlib pull ${spec}`,
    );
  }
  return EXIT.ok;
}

/** The search cache lives in the library's state when there is a library, else nowhere. */
async function searchCache(ctx: Context): Promise<string | undefined> {
  const state = join(resolveLibraryRoot(ctx.library, ctx.env), ".mlib");
  return access(state).then(
    () => join(state, "hf-cache.db"),
    () => undefined,
  );
}
