import type { Command } from "commander";
import { type AdoptFlags, adoptCommand } from "./commands/adopt.js";
import { appsCommand } from "./commands/apps.js";
import { cacheLsCommand } from "./commands/cache-ls.js";
import { cachePurgeCommand } from "./commands/cache-purge.js";
import { cacheVerifyCommand } from "./commands/cache-verify.js";
import { doctorCommand } from "./commands/doctor.js";
import { downloadsCommand } from "./commands/downloads.js";
import { hashCommand } from "./commands/hash.js";
import { type HfSearchFlags, hfInfoCommand, hfSearchCommand } from "./commands/hf.js";
import { type ImportFlags, importCommand } from "./commands/import.js";
import { initCommand } from "./commands/init.js";
import { inspectCommand } from "./commands/inspect.js";
import { type LinkFlags, linkCommand } from "./commands/link.js";
import { linksCommand } from "./commands/links.js";
import { type ListFlags, listCommand } from "./commands/list.js";
import { lookupCommand } from "./commands/lookup.js";
import { mergeCommand } from "./commands/merge.js";
import { pullCommand } from "./commands/pull.js";
import { reindexCommand } from "./commands/reindex.js";
import { rmCommand } from "./commands/rm.js";
import { type ServeFlags, serveCommand } from "./commands/serve.js";
import { showCommand } from "./commands/show.js";
import { statsCommand } from "./commands/stats.js";
import { unlinkCommand } from "./commands/unlink.js";
import { verifyCommand } from "./commands/verify.js";
import { watchCommand } from "./commands/watch.js";
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

  const collect = (value: string, previous: string[] = []) => [...previous, value];
  const withFilters = (cmd: Command) =>
    cmd
      .option("--type <type>", "only this type (repeat for several)", collect)
      .option("--format <format>", "only this format: gguf, safetensors, ... (repeatable)", collect)
      .option("--quant <label>", "only this quantization: Q4_K_M, F16, ... (repeatable)", collect)
      .option("--arch <name>", "only this architecture (repeatable)", collect)
      .option("--tag <tag>", "only models with this tag (repeat: all of them)", collect)
      .option("--sort <key>", "relevance, name, size or date")
      .option("--limit <n>", "page size (default 50, at most 1000)")
      .option("--offset <n>", "skip this many results");

  program
    .command("init")
    .description("create the library folder (harmless when it exists)")
    .action(act((ctx) => initCommand(ctx)));
  program
    .command("import")
    .description("add model files, shard sets or folders to the library (hashed and identified)")
    .argument("<path...>", "files, any shard of a set, or folders")
    .option("--mode <mode>", "copy (default), move, hardlink or in-place")
    .option("--type <type>", "force the model type instead of the identified one")
    .option("--allow-pickle", "import pickle files (.ckpt, .pt, .bin), whose loading can run code")
    .option("--tag <tag>", "add a tag (repeatable)", collect)
    .action(act((ctx, paths: string[], flags: ImportFlags) => importCommand(ctx, paths, flags)));
  withFilters(program.command("list").description("list the models in the library")).action(
    act((ctx, flags: ListFlags) => listCommand(ctx, undefined, flags)),
  );
  withFilters(
    program
      .command("search")
      .description("full-text search over names, architectures, quantizations, tags and notes")
      .argument("<query>", "words to look for; the last one matches as a prefix"),
  ).action(act((ctx, query: string, flags: ListFlags) => listCommand(ctx, query, flags)));
  program
    .command("show")
    .description("everything known about one model")
    .argument("<id>", "model id or a unique prefix of it")
    .action(act((ctx, id: string) => showCommand(ctx, id)));
  program
    .command("rm")
    .description("remove a model from the library (for in-place models only its metadata)")
    .argument("<id>", "model id or a unique prefix of it")
    .action(act((ctx, id: string) => rmCommand(ctx, id)));
  program
    .command("verify")
    .description("re-hash models and compare with their metadata; exit 1 when any is corrupt or missing")
    .argument("[id...]", "models to check (default: all)")
    .action(act((ctx, ids: string[]) => verifyCommand(ctx, ids)));
  program
    .command("adopt")
    .description(
      "register model files found in the library folder without metadata; --from hf-cache: the Hugging Face cache's models, without copying",
    )
    .option("--allow-pickle", "adopt pickle files too")
    .option("--from <where>", "hf-cache: the models of the Hugging Face hub cache")
    .option(
      "--cache-dir <dir>",
      "with --from hf-cache: the cache folder (default: HF_HUB_CACHE, HF_HOME/hub, ~/.cache)",
    )
    .option("--repo <org/name...>", "with --from hf-cache: only these repos")
    .option(
      "--mode <mode>",
      "with --from hf-cache: auto (hard links on the same file system, else in place), hardlink, in-place",
    )
    .addHelpText(
      "after",
      "\nExit codes with --from hf-cache: 0 adopted (or already there), 1 a cached file is damaged (left alone), 2 a file was refused.",
    )
    .action(act((ctx, flags: AdoptFlags) => adoptCommand(ctx, flags)));
  program
    .command("reindex")
    .description("rebuild the search index from every metadata.json")
    .action(act((ctx) => reindexCommand(ctx)));
  program
    .command("stats")
    .description("counts and sizes by type, architecture, format and quantization")
    .action(act((ctx) => statsCommand(ctx)));

  const hf = program
    .command("hf")
    .description("the Hugging Face hub (HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE honoured)");
  hf.command("search")
    .description("search models; results show formats and quantizations on offer")
    .argument("<query>", "words in the repo id")
    .option("--format <f>", "gguf, safetensors, onnx ...")
    .option("--author <name>", "only this organisation or user")
    .option("--task <tag>", "text-generation, text-to-image ...")
    .option("--sort <key>", "downloads (default), likes, lastModified, trendingScore, createdAt")
    .option("--limit <n>", "1 to 1000 (default 20)")
    .action(act((ctx, query: string, flags: HfSearchFlags) => hfSearchCommand(ctx, query, flags)));
  hf.command("info")
    .description("a repo's files and the variants `mlib pull` can fetch")
    .argument("<repo>", "org/name")
    .option("--revision <rev>", "branch, tag or commit (default main)")
    .action(act((ctx, repo: string, flags: { revision?: string }) => hfInfoCommand(ctx, repo, flags)));
  program
    .command("pull")
    .description("download a model with resume and sha256 verification, then import it")
    .argument("<spec>", "org/repo, org/repo:Q4_K_M or org/repo/path/file.gguf")
    .option("--revision <rev>", "branch, tag or commit (default main)")
    .option("--to <where>", "hf-cache: write the official Hugging Face cache instead of the library")
    .action(
      act((ctx, spec: string, flags: { revision?: string; to?: string }) => pullCommand(ctx, spec, flags)),
    );
  program
    .command("lookup")
    .description("find a model's Hugging Face source: certain when the hub lists its sha256")
    .argument("<id>", "model id or a unique prefix of it")
    .action(act((ctx, id: string) => lookupCommand(ctx, id)));
  program
    .command("downloads")
    .description("the download queue: ls (default), pause, resume or cancel ID")
    .argument("[action]", "ls, pause, resume or cancel")
    .argument("[id]", "download number")
    .action(
      act((ctx, action: string | undefined, id: string | undefined) => downloadsCommand(ctx, action, id)),
    );

  program
    .command("merge")
    .description("move another library's models into this one (verified; resumes after a crash)")
    .argument("<dir>", "the other library's folder")
    .option("--dry-run", "print the plan, change nothing")
    .option("--copy", "leave the other library as it was")
    .action(
      act((ctx, dir: string, flags: { dryRun?: boolean; copy?: boolean }) => mergeCommand(ctx, dir, flags)),
    );
  program
    .command("watch")
    .description("keep the index in step with files added, changed, moved or removed (until Ctrl-C)")
    .action(act((ctx) => watchCommand(ctx)));

  program
    .command("apps")
    .description("apps mlib links into, and the installs found on this machine")
    .action(act((ctx) => appsCommand(ctx)));
  program
    .command("link")
    .description("make library models visible in an app without copying (a sync: re-run after changes)")
    .argument("[app]", "comfyui, a1111, forge, lmstudio, ollama or llamacpp")
    .option(
      "--target <dir>",
      "the app's home: ComfyUI folder, webui folder, LM Studio or Ollama models folder",
    )
    .option(
      "--sync",
      "bring every install linked before up to date (after imports, removals, re-identification)",
    )
    .option("--strategy <s>", "auto (default), reflink, hardlink, symlink, copy or config (ComfyUI yaml)")
    .option("--only <type>", "only models of this type (repeatable)", collect)
    .option("--rename", "link under another name where a file of yours is in the way")
    .option("--dry-run", "print the plan, change nothing")
    .action(act((ctx, app: string | undefined, flags: LinkFlags) => linkCommand(ctx, app, flags)));
  program
    .command("unlink")
    .description("remove what mlib linked into an app")
    .argument("<app>", "the app")
    .option("--target <dir>", "only this install")
    .action(act((ctx, app: string, flags: { target?: string }) => unlinkCommand(ctx, app, flags)));
  program
    .command("links")
    .description("check (default) or repair every link mlib made")
    .argument("[action]", "check or repair")
    .option("--deep", "hash copies instead of comparing size and time")
    .action(
      act((ctx, action: string | undefined, flags: { deep?: boolean }) => linksCommand(ctx, action, flags)),
    );

  program
    .command("serve")
    .description("web UI, REST API and a Hugging Face-compatible hub over the library (until Ctrl-C)")
    .option("--host <host>", "address to listen on (default 127.0.0.1; others need --token)")
    .option("--port <port>", "port (default 8377; 0 picks a free one)")
    .option("--token <token>", "Bearer token every request must carry (or MLIB_TOKEN)")
    .option("--read-token <token>", "token for read-only access: the hub API and GETs (or MLIB_READ_TOKEN)")
    .action(act((ctx, flags: ServeFlags) => serveCommand(ctx, flags)));

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
