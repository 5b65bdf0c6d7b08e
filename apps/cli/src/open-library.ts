import { access } from "node:fs/promises";
import { join } from "node:path";
import { ModelLibrary, resolveLibraryRoot } from "@ml/library";
import { CliError } from "./cli-error.js";
import type { Context } from "./context.js";

/** The library at `--library` / MLIB_HOME / the XDG default; `create` makes it when absent. */
export async function openLibrary(ctx: Context, opts: { create?: boolean } = {}): Promise<ModelLibrary> {
  const root = resolveLibraryRoot(ctx.library, ctx.env);
  if (!opts.create) {
    const exists = await access(join(root, ".mlib")).then(
      () => true,
      () => false,
    );
    if (!exists) {
      throw new CliError(
        `no library at ${root} (run \`mlib init\` or \`mlib import FILE\`, or pass --library DIR)`,
        {
          code: "NO_LIBRARY",
        },
      );
    }
  }
  return ModelLibrary.open(root, { create: Boolean(opts.create) });
}

/** Runs `fn` with an open library and always closes it (the lock and the index). */
export async function withLibrary<T>(
  ctx: Context,
  opts: { create?: boolean },
  fn: (library: ModelLibrary) => Promise<T>,
): Promise<T> {
  const library = await openLibrary(ctx, opts);
  try {
    return await fn(library);
  } finally {
    await library.close();
  }
}
