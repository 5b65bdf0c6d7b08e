import { createRequire } from "node:module";
import { Command, CommanderError, Option } from "commander";
import { describeError, EXIT } from "./cli-error.js";
import { type Context, createContext, type GlobalOptions, type Streams } from "./context.js";
import { registerCommands } from "./register-commands.js";

/**
 * Runs `mlib` with `argv` (without node and script) and resolves to the exit code:
 * 0 ok, 1 problems found, 2 usage or input error. `stop` ends long-running commands (watch,
 * serve) as Ctrl-C does, for callers that embed the CLI.
 */
export async function main(
  argv: string[],
  io: Streams = { stdout: process.stdout, stderr: process.stderr, env: process.env },
  stop?: AbortSignal,
): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command("mlib")
    .description("One trustworthy library for your local AI model files.")
    .version(VERSION, "-V, --version")
    .addOption(
      new Option("--library <dir>", "library folder (default: $MLIB_HOME, else $XDG_DATA_HOME/mlib)"),
    )
    .option("--json", "print one JSON document on stdout, for scripts")
    .option("-q, --quiet", "print nothing but errors")
    .showHelpAfterError("(run `mlib --help` to see the commands)")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });

  // Ctrl-C aborts long work (hashing, verifying) cleanly: open files closed, nothing half-written.
  const abort = new AbortController();
  const onSigint = () => abort.abort(new Error("interrupted"));
  process.once("SIGINT", onSigint);
  stop?.addEventListener("abort", () => abort.abort(stop.reason), { once: true });
  const context = (cmd: Command): Context =>
    createContext(cmd.optsWithGlobals<GlobalOptions>(), io, abort.signal);
  registerCommands(program, context, (code) => {
    exitCode = code;
  });

  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (err) {
    if (abort.signal.aborted) {
      io.stderr.write("mlib: interrupted\n");
      return 130;
    }
    if (err instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const { message } = describeError(err);
    io.stderr.write(`mlib: ${message}\n`);
    return describeError(err).exitCode;
  } finally {
    process.off("SIGINT", onSigint);
  }
  return exitCode;
}

const VERSION: string = createRequire(import.meta.url)("../package.json").version;
