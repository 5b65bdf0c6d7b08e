import { mkdir, readdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { openModelIndex } from "@ml/index-fts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ModelLibrary } from "../store/model-library.js";
import { tempDir, writeLlmGguf } from "../test-utils/library-fixtures.js";

let dir: string;
let cleanup: () => Promise<void>;
let root: string;
let library: ModelLibrary;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  root = join(dir, "library");
  library = await ModelLibrary.open(root, { create: true });
});
afterEach(async () => {
  await library.close();
  await cleanup();
});

async function importOne(name: string, mode: "copy" | "in-place" = "copy") {
  const { imported } = await library.import(await writeLlmGguf(join(dir, "src", `${name}.gguf`)), { mode });
  return library.get(imported[0]?.id as string);
}

/** Points the index entry of `id` at `path`, as a damaged or hostile index might. */
function repoint(id: string, path: string): void {
  const index = openModelIndex(join(root, ".mlib", "library.db"));
  const doc = index.get(id);
  index.upsert({ ...(doc as NonNullable<typeof doc>), path });
  index.close();
}

describe("remove", () => {
  it("removes the folder and the index entry, and the family folders it empties", async () => {
    const model = await importOne("A-Q4_K_M");
    const changes: unknown[] = [];
    library.onChange((c) => changes.push(c));
    expect(await library.remove(model.id.slice(0, 12))).toEqual({ id: model.id, folder: model.folder });
    await expect(stat(model.folder)).rejects.toMatchObject({ code: "ENOENT" });
    expect(await readdir(root)).toEqual([".mlib"]);
    expect(library.list().total).toBe(0);
    expect(await readdir(join(root, ".mlib", "tmp"))).toEqual([]);
    expect(changes).toEqual([{ kind: "removed", id: model.id }]);
  });

  it("for an in-place model removes the metadata only, never the user's file", async () => {
    const model = await importOne("A-Q4_K_M", "in-place");
    const external = model.files[0]?.external_path as string;
    await library.remove(model.id);
    expect((await stat(external)).isFile()).toBe(true);
    await expect(stat(model.folder)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("runs onBeforeRemove hooks first; a failing hook keeps the model", async () => {
    const model = await importOne("A-Q4_K_M");
    const seen: string[] = [];
    library.onBeforeRemove((record) => {
      seen.push(record.id);
    });
    const unsubscribe = library.onBeforeRemove(() => {
      throw new Error("links still in use");
    });
    const error = await library.remove(model.id).catch((e) => e);
    expect(error).toMatchObject({
      code: "REMOVE_BLOCKED",
      message: expect.stringMatching(/links still in use/),
    });
    expect((await stat(model.files[0]?.path as string)).isFile()).toBe(true);
    expect(library.list().total).toBe(1);
    unsubscribe();
    await library.remove(model.id);
    expect(seen).toEqual([model.id, model.id]);
  });

  it.each([
    ["above the root", "../victim"],
    ["the root itself", ""],
    ["the state folder", ".mlib"],
    ["an absolute path elsewhere", "/tmp"],
  ])("refuses an index entry pointing at %s", async (_label, path) => {
    const model = await importOne("A-Q4_K_M");
    const victim = join(dir, "victim");
    await mkdir(victim);
    await writeFile(join(victim, "metadata.json"), await readFile(join(model.folder, "metadata.json")));
    repoint(model.id, path);
    await expect(library.remove(model.id)).rejects.toMatchObject({ code: "UNSAFE_PATH" });
    expect(await readdir(victim)).toEqual(["metadata.json"]);
    expect((await stat(model.folder)).isDirectory()).toBe(true);
  });

  it("refuses a model folder that is a symlink leading out of the library", async () => {
    const model = await importOne("A-Q4_K_M");
    const outside = join(dir, "outside-model");
    await mkdir(outside);
    await writeFile(join(outside, "metadata.json"), await readFile(join(model.folder, "metadata.json")));
    await writeFile(join(outside, "precious.gguf"), "keep me");
    const linked = join(root, "llm", "llama", "linked");
    await symlink(outside, linked);
    repoint(model.id, "llm/llama/linked");
    await expect(library.remove(model.id)).rejects.toMatchObject({ code: "UNSAFE_PATH" });
    expect(await readFile(join(outside, "precious.gguf"), "utf8")).toBe("keep me");
  });
});
