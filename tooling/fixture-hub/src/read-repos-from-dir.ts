import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { FixtureHubError } from "./fixture-hub-error.js";
import type { FixtureDiskFile, FixtureRepo, RepoType } from "./types.js";

const TYPE_DIRS: Record<string, RepoType> = { datasets: "dataset", spaces: "space" };

/**
 * Repos from a folder: `<org>/<name>/...` are models, `datasets/<org>/<name>/...` and
 * `spaces/<org>/<name>/...` the other types. Files are served from disk; `.git` folders are
 * skipped, as they are not repo content.
 */
export async function readReposFromDir(dir: string): Promise<FixtureRepo[]> {
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error("not a folder");
  } catch (error) {
    throw new FixtureHubError("INVALID_OPTION", `fromDir ${dir}: ${(error as Error).message}`);
  }
  const repos: FixtureRepo[] = [];
  for (const top of await subfolders(dir)) {
    const type = TYPE_DIRS[top];
    const orgsDir = type ? join(dir, top) : dir;
    for (const org of type ? await subfolders(orgsDir) : [top]) {
      for (const name of await subfolders(join(orgsDir, org))) {
        const files: Record<string, FixtureDiskFile> = {};
        await collectFiles(join(orgsDir, org, name), "", files);
        repos.push({ id: `${org}/${name}`, ...(type && { type }), files });
      }
    }
  }
  return repos;
}

async function subfolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names: string[] = [];
  for (const entry of entries) {
    if ((await stat(join(dir, entry.name))).isDirectory()) names.push(entry.name);
  }
  return names.sort();
}

async function collectFiles(
  dir: string,
  prefix: string,
  files: Record<string, FixtureDiskFile>,
): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const info = await stat(path);
    if (info.isDirectory()) {
      if (entry.name !== ".git") await collectFiles(path, `${prefix}${entry.name}/`, files);
    } else if (info.isFile()) {
      files[`${prefix}${entry.name}`] = { path };
    }
  }
}
