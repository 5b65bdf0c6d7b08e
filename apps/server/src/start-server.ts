import { ModelLibrary } from "@ml/library";
import type { FastifyInstance } from "fastify";
import { type CreateServerOptions, checkServerOptions, createServer } from "./create-server.js";
import { ServerError } from "./server-error.js";

export type StartServerOptions = Omit<CreateServerOptions, "library"> & {
  /** Port to listen on (default 8377); 0 picks a free one. */
  port?: number;
} & (
    | { library: ModelLibrary; root?: string }
    /** The server opens (creating it unless `create: false`) the library at `root`, and closes it. */
    | { library?: undefined; root: string; create?: boolean }
  );

export interface RunningServer {
  /** `http://127.0.0.1:8377`: where the server listens. */
  url: string;
  app: FastifyInstance;
  library: ModelLibrary;
  /** Ends event streams, cancels jobs, stops the watcher and the server; closes the library if it opened it. */
  close(): Promise<void>;
}

/** Default port of `mlib serve`. */
export const DEFAULT_PORT = 8377;

/**
 * Starts the server (see `createServer`) on `host` (default 127.0.0.1) and `port` (default 8377;
 * 0 picks a free one). Given a `root` instead of a library, it opens the library itself. Prints
 * nothing; the caller shows `url`.
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? DEFAULT_PORT;
  if (!Number.isSafeInteger(port) || port < 0 || port > 65_535) {
    throw new ServerError("BAD_OPTION", 400, `port must be a whole number from 0 to 65535, got ${port}`);
  }
  // Refuse before opening anything.
  checkServerOptions({ ...options, host });
  const owned = options.library === undefined;
  const library =
    options.library ?? (await ModelLibrary.open(options.root, { create: options.create ?? true }));
  const app = createServer({ ...options, host, library, root: options.root ?? library.paths.root });
  try {
    await app.listen({ host, port });
  } catch (error) {
    await app.close();
    if (owned) await library.close();
    throw error;
  }
  const address = app.server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  const shown = host.includes(":") ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shown}:${bound}`,
    app,
    library,
    close() {
      closing ??= (async () => {
        await app.close();
        if (owned) await library.close();
      })();
      return closing;
    },
  };
}
