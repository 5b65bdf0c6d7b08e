import { resolve } from "node:path";
import { locateHubCache } from "@ml/integrity";
import type { Context } from "../context.js";

/** `--cache-dir`, else where the official Hugging Face tools keep their cache. */
export function cacheDirOf(ctx: Context, opts: { cacheDir?: string }): string {
  return opts.cacheDir ? resolve(opts.cacheDir) : locateHubCache(ctx.env);
}
