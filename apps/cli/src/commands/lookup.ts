import { basename } from "node:path";
import { createHubFetch, lookupSource, resolveHfConfig } from "@ml/library";
import { EXIT } from "../cli-error.js";
import type { Context } from "../context.js";
import { withLibrary } from "../open-library.js";

/**
 * `mlib lookup ID`: where a model without provenance came from on the hub. Certain when a repo
 * lists a file with the model's sha256; otherwise scored guesses marked for review.
 */
export async function lookupCommand(ctx: Context, id: string): Promise<number> {
  const hub = createHubFetch(resolveHfConfig(ctx.env));
  const result = await withLibrary(ctx, {}, async (library) => {
    const model = await library.get(id);
    const primary = model.files[0];
    return lookupSource(
      { baseName: basename(primary?.name ?? model.name), sha256: model.sha256, size: primary?.size },
      { hub, cacheDb: `${library.paths.state}/hf-cache.db` },
    );
  });
  if (ctx.json) {
    ctx.result(result);
    return EXIT.ok;
  }
  if (result.candidates.length === 0) ctx.out(`No candidates on the hub for "${result.query}".`);
  for (const c of result.candidates) {
    const mark = c.certain
      ? ctx.paint("green", "certain ")
      : ctx.paint("yellow", `${c.score.toFixed(2)}    `);
    ctx.out(`${mark} ${c.repo}/${c.path}@${c.commit.slice(0, 12)}  ${c.reasons.join(", ")}`);
  }
  return EXIT.ok;
}
