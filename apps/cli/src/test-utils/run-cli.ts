import { PassThrough } from "node:stream";
import { main } from "../main.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (for --json runs). */
  json<T = unknown>(): T;
}

/**
 * Runs `mlib` in-process with captured output; `env` replaces the environment entirely. `stop`
 * plays Ctrl-C; `onStdout` sees output as it comes (for commands that run until stopped).
 */
export async function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  opts: { stop?: AbortSignal; onStdout?: (text: string) => void } = {},
): Promise<CliRun> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  out.on("data", (c: Buffer) => {
    chunks.out.push(c);
    opts.onStdout?.(c.toString("utf8"));
  });
  err.on("data", (c: Buffer) => chunks.err.push(c));
  const code = await main(
    args,
    { stdout: out, stderr: err, env: { PATH: process.env.PATH, ...env } },
    opts.stop,
  );
  const stdout = Buffer.concat(chunks.out).toString("utf8");
  const stderr = Buffer.concat(chunks.err).toString("utf8");
  return { code, stdout, stderr, json: <T>() => JSON.parse(stdout) as T };
}
