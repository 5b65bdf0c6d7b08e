import type { Command } from "commander";
import { cacheLsCommand } from "./commands/cache-ls.js";
import { cachePurgeCommand } from "./commands/cache-purge.js";
import { cacheVerifyCommand } from "./commands/cache-verify.js";
import { doctorCommand } from "./commands/doctor.js";
import { hashCommand } from "./commands/hash.js";
import { inspectCommand } from "./commands/inspect.js";
import type { Context } from "./context.js";

type Handler<A extends unknown[]> = (ctx: Context, ...args: A) => Promise<number>;

/** Adds every subcommand; each resolves to its exit code, which `setExit` records. */
export function registerCommands(
  program: Command,
  context: (cmd: Command) => Context,
  setExit: (code: number) => void,
) {
  // Commander passes (...arguments, options, command); the command gives the global options.
  const act =
    <A extends unknown[]>(handler: Handler<A>) =>
    async (...args: unknown[]) => {
      const cmd = args.at(-1) as Command;
      setExit(await handler(context(cmd), ...(args.slice(0, -1) as A)));
    };

  program
    .command("hash")
    .description("SHA-256, BLAKE3 and fast hash of files, in one read pass")
    .argument("<file...>", "files to hash")
    .action(act((ctx, files: string[]) => hashCommand(ctx, files)));

  program
    .command("inspect")
    .description("what a model file, shard set or folder is, read from its bytes")
    .argument("<path>", "a file, any shard of a set, or a folder (diffusers, HF repo)")
    .option("--all", "also list every field found (GGUF metadata, config.json, ...)")
    .action(act((ctx, path: string, opts: { all?: boolean }) => inspectCommand(ctx, path, opts)));

  const cache = program.command("cache").description("check the Hugging Face hub cache");
  const cacheDir = [
    "--cache-dir <dir>",
    "cache folder (default: HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub)",
  ] as const;
  cache
    .command("ls")
    .description("list cached repos, revisions and sizes")
    .option(...cacheDir)
    .action(act((ctx, opts: { cacheDir?: string }) => cacheLsCommand(ctx, opts)));
  cache
    .command("verify")
    .description("check every cached file; --deep re-hashes each blob against its name")
    .argument("[repo...]", "repo ids to check (default: all)")
    .option(...cacheDir)
    .option("--deep", "re-hash file contents (reads every byte)")
    .action(
      act((ctx, repos: string[], opts: { cacheDir?: string; deep?: boolean }) =>
        cacheVerifyCommand(ctx, repos, opts),
      ),
    );
  cache
    .command("purge")
    .description("remove corrupt files (blob and pointers) so the next download fetches them again")
    .argument("[repo...]", "repo ids to purge (default: all)")
    .option(...cacheDir)
    .option("--deep", "find corruption by re-hashing contents (default: cheap checks only)")
    .option("--dry-run", "print what would be removed, remove nothing")
    .action(
      act((ctx, repos: string[], opts: { cacheDir?: string; deep?: boolean; dryRun?: boolean }) =>
        cachePurgeCommand(ctx, repos, opts),
      ),
    );

  program
    .command("doctor")
    .description("check the library folder, disk space and the Hugging Face cache")
    .option(...cacheDir)
    .option("--deep", "re-hash cached files (reads every byte)")
    .option("--repair", "remove corrupt cache files so they can be downloaded again")
    .action(
      act((ctx, opts: { cacheDir?: string; deep?: boolean; repair?: boolean }) => doctorCommand(ctx, opts)),
    );
}
