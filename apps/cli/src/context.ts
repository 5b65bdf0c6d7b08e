import { styleText } from "node:util";

export interface GlobalOptions {
  library?: string;
  json?: boolean;
  quiet?: boolean;
}

/** Where a command writes, and how: JSON for scripts, colour only on a terminal without NO_COLOR. */
export interface Context {
  json: boolean;
  quiet: boolean;
  color: boolean;
  /** Show progress bars: a terminal on stderr, not --json, not --quiet. */
  progress: boolean;
  library?: string;
  env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  out(line: string): void;
  err(line: string): void;
  /** Writes the command's JSON result (pretty, one document) to stdout. */
  result(value: unknown): void;
  paint(style: "green" | "red" | "yellow" | "dim" | "bold", text: string): string;
}

export interface Streams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export function createContext(opts: GlobalOptions, io: Streams, signal: AbortSignal): Context {
  const json = Boolean(opts.json);
  const quiet = Boolean(opts.quiet);
  const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "";
  const color = !json && !noColor && Boolean(io.stdout.isTTY) && io.env.TERM !== "dumb";
  return {
    json,
    quiet,
    color,
    progress: !json && !quiet && Boolean(io.stderr.isTTY),
    library: opts.library,
    env: io.env,
    signal,
    out: (line) => {
      if (!quiet || json) io.stdout.write(`${line}\n`);
    },
    err: (line) => io.stderr.write(`${line}\n`),
    result: (value) => io.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    paint: (style, text) => (color ? styleText(style, text) : text),
  };
}
