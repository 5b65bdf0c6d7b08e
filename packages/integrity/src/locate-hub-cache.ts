import os from "node:os";
import path from "node:path";

/**
 * The Hugging Face hub cache folder the official tools would use, as an absolute path:
 * `HF_HUB_CACHE`, else the legacy `HUGGINGFACE_HUB_CACHE`, else `HF_HOME/hub`, else
 * `$XDG_CACHE_HOME/huggingface/hub`, else `~/.cache/huggingface/hub`. Like huggingface_hub, a
 * leading `~` and `$VAR` / `${VAR}` in the value are expanded; an empty variable counts as unset.
 * The folder is not required to exist.
 */
export function locateHubCache(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.HOME || os.homedir();
  const expand = (value: string) => path.resolve(expandVars(expandUser(value, home), env));
  const explicit = env.HF_HUB_CACHE || env.HUGGINGFACE_HUB_CACHE;
  if (explicit) return expand(explicit);
  if (env.HF_HOME) return path.join(expand(env.HF_HOME), "hub");
  const cacheHome = env.XDG_CACHE_HOME || path.join(home, ".cache");
  return path.join(expand(cacheHome), "huggingface", "hub");
}

// Python's os.path.expanduser: only `~` and `~/...`; `~user` needs a passwd lookup Node lacks, so it is kept as is.
function expandUser(value: string, home: string): string {
  if (value === "~") return home;
  if (value.startsWith("~/")) return path.join(home, value.slice(2));
  return value;
}

// Python's os.path.expandvars: unknown variables are left untouched.
function expandVars(value: string, env: NodeJS.ProcessEnv): string {
  return value.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (whole, braced, bare) => {
      const found = env[(braced ?? bare) as string];
      return found === undefined ? whole : found;
    },
  );
}
