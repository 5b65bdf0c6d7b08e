import { ModelLibrary, resolveLibraryRoot } from "@ml/library";
import { DEFAULT_PORT, libraryDownloads, startServer } from "@ml/server";
import { CliError, EXIT } from "../cli-error.js";
import type { Context } from "../context.js";

export interface ServeFlags {
  host?: string;
  port?: string;
  token?: string;
  readToken?: string;
}

/**
 * `mlib serve`: the web UI, the REST API and a Hugging Face-compatible hub over the library,
 * until Ctrl-C. Loopback by default; any other address needs --token (or MLIB_TOKEN).
 */
export async function serveCommand(ctx: Context, flags: ServeFlags): Promise<number> {
  const port = flags.port === undefined ? DEFAULT_PORT : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new CliError(`--port ${flags.port}: 0 to 65535`);
  const root = resolveLibraryRoot(ctx.library, ctx.env);
  const library = await ModelLibrary.open(root, { create: true });
  const downloads = libraryDownloads(library, ctx.env);
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({
      library,
      host: flags.host,
      port,
      token: flags.token ?? ctx.env.MLIB_TOKEN,
      readToken: flags.readToken ?? ctx.env.MLIB_READ_TOKEN,
      downloads,
    });
  } catch (error) {
    await downloads.close();
    await library.close();
    throw error;
  }
  if (ctx.json) ctx.out(JSON.stringify({ url: server.url, library: root }));
  else {
    ctx.out(`mlib serving ${root}`);
    ctx.out(`  web UI and API: ${server.url}`);
    ctx.out(
      `  other machines: HF_ENDPOINT=${server.url} (the Hugging Face tools download from this library)`,
    );
    ctx.err(ctx.paint("dim", "Ctrl-C to stop"));
  }
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) resolve();
    ctx.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  await server.close();
  await downloads.close();
  await library.close();
  return EXIT.ok;
}
