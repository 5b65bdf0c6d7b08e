import { cp, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ModelLibrary } from "../store/model-library.js";
import { indexSnapshot, tempDir, writeLlmGguf } from "../test-utils/library-fixtures.js";

let dir: string;
let cleanup: () => Promise<void>;
let root: string;
let library: ModelLibrary;
let ids: string[];
let folders: string[];
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  root = join(dir, "library");
  library = await ModelLibrary.open(root, { create: true });
  ids = [];
  folders = [];
  for (const name of ["Alpha-Q4_K_M", "Beta-Q4_K_M"]) {
    const { imported } = await library.import(await writeLlmGguf(join(dir, "src", `${name}.gguf`), { name }));
    ids.push(imported[0]?.id as string);
    folders.push(imported[0]?.folder as string);
  }
});
afterEach(async () => {
  await library.close();
  await cleanup();
});

async function editMetadata(folder: string, patch: Record<string, unknown>): Promise<void> {
  const file = join(folder, "metadata.json");
  await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, "utf8")), ...patch }));
}

describe("refresh", () => {
  it("reports nothing after the library's own writes: the index already matches the tree", async () => {
    await library.setOverrides(ids[0] as string, { tags: ["mine"] });
    expect(await library.refresh(folders)).toEqual({ changes: [], warnings: [] });
    expect(await library.refresh(root)).toEqual({ changes: [], warnings: [] });
  });

  it("re-reads a metadata.json and an overrides.json edited by hand", async () => {
    const [alpha, beta] = folders as [string, string];
    await editMetadata(alpha, { name: "Renamed By Hand" });
    await writeFile(join(beta, "overrides.json"), JSON.stringify({ tags: ["by-hand"] }));
    const result = await library.refresh([alpha, relative(root, beta)]);
    expect(result.changes).toEqual([
      { kind: "updated", id: ids[0], folder: alpha },
      { kind: "updated", id: ids[1], folder: beta },
    ]);
    expect(library.search({ query: "renamed by hand" }).items.map((m) => m.id)).toEqual([ids[0]]);
    expect(library.list({ tag: "by-hand" }).items.map((m) => m.id)).toEqual([ids[1]]);
  });

  it("removes a model whose folder was deleted, and leaves the others", async () => {
    await rm(folders[0] as string, { recursive: true });
    const result = await library.refresh(folders);
    expect(result.changes).toEqual([{ kind: "removed", id: ids[0], folder: folders[0] }]);
    expect(library.list().items.map((m) => m.id)).toEqual([ids[1]]);
  });

  it("keeps the id of a model folder moved within the tree and updates its path", async () => {
    const from = folders[0] as string;
    const to = join(root, "llm", "moved-here", "Alpha");
    await mkdir(join(root, "llm", "moved-here"));
    await rename(from, to);
    const result = await library.refresh([from, to]);
    expect(result.changes).toEqual([{ kind: "moved", id: ids[0], folder: to, from }]);
    expect((await library.get(ids[0] as string)).folder).toBe(to);

    // Refreshing only the new place finds the move too: the old folder no longer holds the model.
    const again = join(root, "elsewhere", "Alpha");
    await mkdir(join(root, "elsewhere"));
    await rename(to, again);
    expect((await library.refresh(again)).changes).toEqual([
      { kind: "moved", id: ids[0], folder: again, from: to },
    ]);
  });

  it("refuses a copy claiming an id the index has elsewhere, naming both folders", async () => {
    const copy = join(root, "copies", "Alpha");
    await cp(folders[0] as string, copy, { recursive: true });
    const result = await library.refresh(join(root, "copies"));
    expect(result.changes).toEqual([]);
    expect(result.warnings).toEqual([
      `skipped: copies/Alpha: id ${ids[0]} is already used by ${relative(root, folders[0] as string)}`,
    ]);
    // Refreshed together, the folder the index knows wins and the copy is the one skipped.
    const both = await library.refresh([root]);
    expect(both.changes).toEqual([]);
    expect(both.warnings).toHaveLength(1);
    expect((await library.get(ids[0] as string)).folder).toBe(folders[0]);
  });

  it("adds a model folder put into the tree by hand, and drops one whose metadata is damaged, as reindex does", async () => {
    const other = await ModelLibrary.open(join(dir, "other"), { create: true });
    const { imported } = await other.import(await writeLlmGguf(join(dir, "src", "Gamma-Q4_K_M.gguf")));
    await other.close();
    const copied = join(root, "llm", "llama", "Gamma");
    await cp(imported[0]?.folder as string, copied, { recursive: true });
    await writeFile(join(folders[1] as string, "metadata.json"), "{ not json");

    const result = await library.refresh(join(root, "llm"));
    expect(result.changes).toEqual([
      { kind: "added", id: imported[0]?.id, folder: copied },
      { kind: "removed", id: ids[1], folder: folders[1] },
    ]);
    expect(result.warnings).toEqual([expect.stringMatching(/^skipped: .*metadata\.json: /)]);
    const snapshot = indexSnapshot(library);
    await library.reindex();
    expect(indexSnapshot(library)).toEqual(snapshot);
  });

  it("refuses paths outside the library or inside .mlib", async () => {
    await expect(library.refresh(dir)).rejects.toMatchObject({ code: "UNSAFE_PATH" });
    await expect(library.refresh(join(root, ".mlib", "tmp"))).rejects.toMatchObject({ code: "UNSAFE_PATH" });
    await expect(library.refresh("../elsewhere")).rejects.toMatchObject({ code: "UNSAFE_PATH" });
  });
});
