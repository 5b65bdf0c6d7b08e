import { unlinkApp } from "@ml/library";
import { EXIT } from "../cli-error.js";
import type { Context } from "../context.js";
import { withLibrary } from "../open-library.js";

/** `mlib unlink APP [--target DIR]`: removes what mlib linked into the app, nothing else. */
export async function unlinkCommand(ctx: Context, app: string, flags: { target?: string }): Promise<number> {
  const result = await withLibrary(ctx, {}, (library) => unlinkApp(library, app, flags.target));
  if (ctx.json) ctx.result(result);
  else ctx.out(`${result.removed} link(s) removed${result.failed ? `, ${result.failed} failed` : ""}.`);
  return result.failed > 0 ? EXIT.problems : EXIT.ok;
}
