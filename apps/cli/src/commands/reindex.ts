import { EXIT } from "../cli-error.js";
import type { Context } from "../context.js";
import { withLibrary } from "../open-library.js";

/** `mlib reindex`: rebuilds the search index from every metadata.json (the index is a cache). */
export async function reindexCommand(ctx: Context): Promise<number> {
  const result = await withLibrary(ctx, {}, (library) => library.reindex());
  if (ctx.json) ctx.result(result);
  else {
    for (const w of result.warnings) ctx.err(`warning: ${w}`);
    ctx.out(`Indexed ${result.count} models.`);
  }
  return EXIT.ok;
}
