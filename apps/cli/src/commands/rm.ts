import { EXIT } from "../cli-error.js";
import type { Context } from "../context.js";
import { withLibrary } from "../open-library.js";

/** `mlib rm ID`: removes a model (its folder; for an in-place model only its metadata). */
export async function rmCommand(ctx: Context, id: string): Promise<number> {
  const removed = await withLibrary(ctx, {}, (library) => library.remove(id));
  if (ctx.json) ctx.result({ removed });
  else ctx.out(`removed  ${removed.id}  ${removed.folder}`);
  return EXIT.ok;
}
