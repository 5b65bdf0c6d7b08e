// Finds installs of the apps mlib knows at their usual places, for `mlib apps`.
import { readFile, realpath, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { listProfiles } from "./get-profile.js";
import { lstatOrNull } from "./lstat-or-null.js";
import type { AppProfile, DetectSpec } from "./profile.js";

export interface DetectedApp {
  /** Profile id, for `mlib link APP`. */
  app: string;
  name: string;
  /** The folder to pass as `--target`. */
  target: string;
  /** How it was found: an environment variable, the app's pointer file, or a usual place. */
  via: "env" | "pointer" | "default";
}

const expand = (p: string, home: string) =>
  p === "~" ? home : p.startsWith("~/") ? path.join(home, p.slice(2)) : p;

async function isDir(p: string): Promise<boolean> {
  return (await stat(p).catch(() => null))?.isDirectory() ?? false;
}

async function looksRight(dir: string, spec: DetectSpec): Promise<boolean> {
  const has = async (entry: string) => (await lstatOrNull(path.join(dir, entry))) !== null;
  for (const entry of spec.all ?? []) if (!(await has(entry))) return false;
  for (const entry of spec.none ?? []) if (await has(entry)) return false;
  if (spec.any && spec.any.length > 0) {
    for (const entry of spec.any) if (await has(entry)) return true;
    return false;
  }
  return true;
}

async function candidates(spec: DetectSpec, env: NodeJS.ProcessEnv, home: string) {
  const found: Array<{ dir: string; via: DetectedApp["via"] }> = [];
  for (const name of spec.env ?? []) {
    const value = env[name];
    if (value) found.push({ dir: expand(value, home), via: "env" });
  }
  if (spec.pointer) {
    const text = await readFile(expand(spec.pointer.file, home), "utf8").catch(() => null);
    const home2 = text?.trim();
    if (home2 && path.isAbsolute(home2))
      found.push({ dir: path.join(home2, spec.pointer.join), via: "pointer" });
  }
  for (const p of spec.paths) found.push({ dir: expand(p, home), via: "default" });
  return found;
}

/** Installs found for every built-in profile (or `profiles`), each folder listed once per app. */
export async function detectApps(
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
  profiles: readonly AppProfile[] = listProfiles(),
): Promise<DetectedApp[]> {
  const found: DetectedApp[] = [];
  for (const profile of profiles) {
    if (!profile.detect) continue;
    const seen = new Set<string>();
    for (const candidate of await candidates(profile.detect, env, home)) {
      if (!(await isDir(candidate.dir))) continue;
      const real = await realpath(candidate.dir);
      if (seen.has(real)) continue;
      // A folder named by the user's environment is taken as is; usual places must look right.
      if (candidate.via !== "env" && !(await looksRight(candidate.dir, profile.detect))) continue;
      seen.add(real);
      found.push({
        app: profile.id,
        name: profile.name,
        target: path.resolve(candidate.dir),
        via: candidate.via,
      });
    }
  }
  return found;
}
