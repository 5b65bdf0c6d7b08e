import { homedir } from "node:os";
import { join, resolve } from "node:path";

/**
 * Where the library lives: an explicit folder (`--library`), else `$MLIB_HOME`, else
 * `$XDG_DATA_HOME/mlib`, else `~/.local/share/mlib` (XDG's default data home).
 */
export function resolveLibraryRoot(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return resolve(explicit);
  if (env.MLIB_HOME) return resolve(env.MLIB_HOME);
  if (env.XDG_DATA_HOME) return resolve(env.XDG_DATA_HOME, "mlib");
  return join(env.HOME || homedir(), ".local", "share", "mlib");
}
