import { access } from "node:fs/promises";
import { join } from "node:path";
import { resolveLibraryRoot } from "@ml/library";
import { EXIT } from "../cli-error.js";
import type { Context } from "../context.js";
import { withLibrary } from "../open-library.js";

/** `mlib init`: creates the library folder (`.mlib/` state and index); harmless when it exists. */
export async function initCommand(ctx: Context): Promise<number> {
  const root = resolveLibraryRoot(ctx.library, ctx.env);
  const existed = await access(join(root, ".mlib")).then(
    () => true,
    () => false,
  );
  const count = await withLibrary(ctx, { create: true }, async (library) => library.list({ limit: 0 }).total);
  if (ctx.json) ctx.result({ root, created: !existed, models: count });
  else ctx.out(existed ? `Library at ${root} (${count} models).` : `Created a library at ${root}.`);
  return EXIT.ok;
}
