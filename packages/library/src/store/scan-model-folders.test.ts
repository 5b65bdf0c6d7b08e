import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { tempDir } from "../test-utils/library-fixtures.js";
import { scanModelFolders } from "./scan-model-folders.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

async function model(...parts: string[]): Promise<string> {
  const folder = join(dir, ...parts);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, "metadata.json"), "{}");
  return folder;
}

it("finds model folders at any depth, not inside models, hidden folders or symlinks", async () => {
  const a = await model("llm", "llama", "a");
  const b = await model("vae", "b");
  await model("llm", "llama", "a", "nested"); // inside a model folder: part of it
  await model(".mlib", "tmp", "x", "model");
  await mkdir(join(dir, "empty", "dirs"), { recursive: true });
  await symlink(join(dir, "llm"), join(dir, "link"));
  await writeFile(join(b, "overrides.json"), "{}");
  expect(await scanModelFolders(dir)).toEqual([
    { path: a, hasOverrides: false },
    { path: b, hasOverrides: true },
  ]);
});

it("does not count a metadata.json at the root as a model", async () => {
  await writeFile(join(dir, "metadata.json"), "{}");
  expect(await scanModelFolders(dir)).toEqual([]);
});
