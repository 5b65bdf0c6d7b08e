import { formatBytes } from "@ml/progress";
import { EXIT } from "../cli-error.js";
import type { Context } from "../context.js";
import { withLibrary } from "../open-library.js";

/** `mlib stats`: counts and sizes by type, architecture, format and quantization. */
export async function statsCommand(ctx: Context): Promise<number> {
  const stats = await withLibrary(ctx, {}, async (library) => library.stats());
  if (ctx.json) {
    ctx.result(stats);
    return EXIT.ok;
  }
  ctx.out(`${stats.count} models, ${formatBytes(stats.totalSize)}`);
  const groups = [
    ["type", stats.byType],
    ["architecture", stats.byArchitecture],
    ["format", stats.byFormat],
    ["quantization", stats.byQuantization],
  ] as const;
  for (const [label, buckets] of groups) {
    if (buckets.length === 0) continue;
    ctx.out(`by ${label}`);
    for (const b of buckets)
      ctx.out(
        `  ${String(b.value ?? "unknown").padEnd(20)} ${String(b.count).padStart(6)}  ${formatBytes(b.size).padStart(10)}`,
      );
  }
  return EXIT.ok;
}
