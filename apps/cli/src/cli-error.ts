/** Exit codes scripts can rely on (DESIGN.md §4). */
export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;

/** A failure that ends the command with a one-line message and a chosen exit code. */
export class CliError extends Error {
  readonly code: string;
  readonly exitCode: number;
  constructor(message: string, opts: { code?: string; exitCode?: number } = {}) {
    super(message);
    this.name = "CliError";
    this.code = opts.code ?? "USAGE";
    this.exitCode = opts.exitCode ?? EXIT.usage;
  }
}

/** What to do next, for the error codes a user can act on. */
const HINTS: Record<string, string> = {
  CACHE_NOT_FOUND: "pass --cache-dir DIR or set HF_HUB_CACHE / HF_HOME",
  NOT_A_CACHE: "pass the hub cache folder (the one holding models--org--name folders) with --cache-dir",
};

/** One line for any error: typed errors from the packages carry a readable message and a code. */
export function describeError(err: unknown): { message: string; code: string; exitCode: number } {
  if (err instanceof CliError) return { message: err.message, code: err.code, exitCode: err.exitCode };
  if (err instanceof Error) {
    const raw = (err as { code?: unknown }).code;
    const code = typeof raw === "string" ? raw : "ERROR";
    const line = err.message.split("\n")[0] ?? String(err);
    return { message: HINTS[code] ? `${line} (${HINTS[code]})` : line, code, exitCode: EXIT.usage };
  }
  return { message: String(err), code: "ERROR", exitCode: EXIT.usage };
}
