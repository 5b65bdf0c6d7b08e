// What links work from the library's file system to a target's: tried once per pair of devices
// with a temp name inside the target (cleaned up), then cached.
import { randomBytes } from "node:crypto";
import { constants, copyFile, link, rm, stat, symlink } from "node:fs/promises";
import path from "node:path";
import { errnoCode } from "./mapper-error.js";
import { nearestExistingDir } from "./nearest-existing-dir.js";
import type { LinkProbe } from "./plan.js";

/** Probe results by "sourceDev:targetDev". */
export type ProbeCache = Map<string, LinkProbe>;

const sharedCache: ProbeCache = new Map();

async function attempt(make: (name: string) => Promise<void>, dir: string): Promise<string | null> {
  const name = path.join(dir, `.mlib-probe-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    await make(name);
    return null;
  } catch (error) {
    return errnoCode(error) ?? (error as Error).message;
  } finally {
    await rm(name, { force: true });
  }
}

/**
 * Probes reflink (a FICLONE clone of `sourceFile`: instant where supported, refused elsewhere,
 * never a full copy), hard link and symlink from `sourceFile` into `dir` (or its nearest existing
 * ancestor). `sourceFile` is only read. Results are cached per (source device, target device).
 */
export async function probeLinkSupport(
  sourceFile: string,
  dir: string,
  cache: ProbeCache = sharedCache,
): Promise<LinkProbe> {
  const source = await stat(sourceFile);
  const where = await nearestExistingDir(dir);
  const key = `${source.dev}:${where.dev}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const reasons: LinkProbe["reasons"] = {};
  const reflink = await attempt(
    (name) => copyFile(sourceFile, name, constants.COPYFILE_FICLONE_FORCE),
    where.dir,
  );
  const hardlink = await attempt((name) => link(sourceFile, name), where.dir);
  const symbolic = await attempt((name) => symlink(sourceFile, name), where.dir);
  if (reflink) reasons.reflink = reflink;
  if (hardlink) reasons.hardlink = hardlink;
  if (symbolic) reasons.symlink = symbolic;
  const probe: LinkProbe = {
    sourceDev: source.dev,
    targetDev: where.dev,
    dir: where.dir,
    reflink: reflink === null,
    hardlink: hardlink === null,
    symlink: symbolic === null,
    reasons,
  };
  cache.set(key, probe);
  return probe;
}
