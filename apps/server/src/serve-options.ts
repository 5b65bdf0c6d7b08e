import { resolveLibraryRoot } from "@ml/library";
import { ServerError } from "./server-error.js";
import { DEFAULT_PORT, type StartServerOptions } from "./start-server.js";

/** The flags of `mlib serve`, for the CLI to declare (commander: `.option(flags, description)`). */
export const serveCommandOptions = [
  {
    flags: "--host <host>",
    description: "address to listen on (anything but loopback needs --token)",
    default: "127.0.0.1",
  },
  {
    flags: "--port <port>",
    description: "port to listen on (0: any free port)",
    default: String(DEFAULT_PORT),
  },
  { flags: "--token <token>", description: "require this bearer token (or set MLIB_SERVE_TOKEN)" },
  {
    flags: "--read-token <token>",
    description: "also accept this token for reading only (or MLIB_SERVE_READ_TOKEN)",
  },
  {
    flags: "--cors <origins>",
    description: "comma-separated origins allowed to call the API from a browser, or *",
  },
] as const;

/** What the CLI parsed (strings, as flags come), plus the global `--library`. */
export interface ServeCommandInput {
  library?: string;
  host?: string;
  port?: string | number;
  token?: string;
  readToken?: string;
  cors?: string;
}

/**
 * Turns `mlib serve` flags into `startServer` options: the library root as the CLI resolves it
 * (`--library`, `MLIB_HOME` ...), a checked port, tokens from the flags or the environment (so
 * they need not show in the process list), CORS origins. Bad input is a `BAD_OPTION` ServerError
 * with a one-line message.
 */
export function toStartServerOptions(
  input: ServeCommandInput,
  env: NodeJS.ProcessEnv = process.env,
): StartServerOptions {
  const port = input.port === undefined ? DEFAULT_PORT : Number(input.port);
  if (!Number.isSafeInteger(port) || port < 0 || port > 65_535 || String(input.port ?? port).trim() === "") {
    throw new ServerError(
      "BAD_OPTION",
      400,
      `--port must be a whole number from 0 to 65535, got ${input.port}`,
    );
  }
  const token = input.token ?? (env.MLIB_SERVE_TOKEN || undefined);
  const readToken = input.readToken ?? (env.MLIB_SERVE_READ_TOKEN || undefined);
  const origins = input.cors
    ?.split(",")
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins ?? []) {
    if (origin !== "*" && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ServerError(
        "BAD_OPTION",
        400,
        `--cors: ${origin} is not an origin like http://localhost:3000`,
      );
    }
  }
  return {
    root: resolveLibraryRoot(input.library, env),
    host: input.host ?? "127.0.0.1",
    port,
    ...(token !== undefined && { token }),
    ...(readToken !== undefined && { readToken }),
    ...(origins?.length && { cors: origins.includes("*") ? true : origins }),
  };
}
