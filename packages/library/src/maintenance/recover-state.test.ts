import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { hashFile } from "@ml/hashing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ImportRecord } from "../store/journal-records.js";
import { ModelLibrary } from "../store/model-library.js";
import { indexSnapshot, tempDir, writeLlmGguf } from "../test-utils/library-fixtures.js";

let dir: string;
let cleanup: () => Promise<void>;
let root: string;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  root = join(dir, "library");
  await (await ModelLibrary.open(root, { create: true })).close();
});
afterEach(() => cleanup());

const tmp = () => join(root, ".mlib", "tmp");
const journal = () => join(root, ".mlib", "journal");

/** A journal record as a crashed process (pid 0 is never alive) would have left it. */
async function crashedRecord(id: string, rest: Partial<ImportRecord> = {}): Promise<void> {
  const record = { id, kind: "import", pid: 0, hostname: hostname(), started_at: "x", moves: [], ...rest };
  await writeFile(join(journal(), `${id}.json`), JSON.stringify(record));
}

describe("recovery on open", () => {
  it("removes a half import and any other tmp leftover", async () => {
    await mkdir(join(tmp(), "op1", "model"), { recursive: true });
    await writeFile(join(tmp(), "op1", "model", "half.gguf"), "partial");
    await crashedRecord("op1");
    await mkdir(join(tmp(), "stray"), { recursive: true });
    const library = await ModelLibrary.open(root);
    expect(await readdir(tmp())).toEqual([]);
    expect(await readdir(journal())).toEqual([]);
    expect(library.openReport.recovery.removed).toEqual(["stray"]);
    expect(library.list().total).toBe(0);
    await library.close();
  });

  it("puts a file taken by an interrupted move back where it was", async () => {
    const source = join(dir, "user", "Model-Q4_K_M.gguf");
    const staged = join(tmp(), "op2", "model", "Model-Q4_K_M.gguf");
    const original = await writeLlmGguf(join(dir, "original.gguf"));
    const sha256 = (await hashFile(original)).sha256;
    await mkdir(join(tmp(), "op2", "model"), { recursive: true });
    await crashedRecord("op2", { moves: [{ source, staged, method: "rename" }] });
    // The state right after the rename: the user's file is in tmp, its folder is gone.
    await writeFile(staged, await readFile(original));
    const library = await ModelLibrary.open(root);
    expect((await hashFile(source)).sha256).toBe(sha256);
    expect(library.openReport.recovery.restored).toEqual([source]);
    expect(await readdir(tmp())).toEqual([]);
    await library.close();
  });

  it("never overwrites a file that took the source's place meanwhile", async () => {
    const source = join(dir, "Model.gguf");
    const staged = join(tmp(), "op3", "model", "Model.gguf");
    await mkdir(join(tmp(), "op3", "model"), { recursive: true });
    await writeFile(staged, "the user's model");
    await writeFile(source, "something new");
    await crashedRecord("op3", { moves: [{ source, staged, method: "rename" }] });
    const library = await ModelLibrary.open(root);
    expect(await readFile(source, "utf8")).toBe("something new");
    expect(await readFile(`${source}.mlib-restored`, "utf8")).toBe("the user's model");
    await library.close();
  });

  it("leaves an import whose copy was not committed with its source untouched", async () => {
    const source = await writeLlmGguf(join(dir, "user", "Far-Q4_K_M.gguf"));
    const staged = join(tmp(), "op4", "model", "Far-Q4_K_M.gguf");
    await mkdir(join(tmp(), "op4", "model"), { recursive: true });
    await writeFile(staged, "half a copy");
    await crashedRecord("op4", {
      moves: [{ source, staged, method: "copy" }],
      target: join(root, "llm", "x", "y"),
    });
    const library = await ModelLibrary.open(root);
    expect((await stat(source)).isFile()).toBe(true);
    expect(await readdir(tmp())).toEqual([]);
    await library.close();
  });

  it("completes a cross-device move that had committed: the model is indexed, the source deleted", async () => {
    const library = await ModelLibrary.open(root);
    const original = await writeLlmGguf(join(dir, "Done-Q4_K_M.gguf"));
    const copyOfSource = join(dir, "elsewhere", "Done-Q4_K_M.gguf");
    await mkdir(join(dir, "elsewhere"));
    await writeFile(copyOfSource, await readFile(original));
    const { imported } = await library.import(original, { mode: "copy" });
    const model = await library.get(imported[0]?.id as string);
    await library.close();
    // Crash after the commit rename, before the index update and the source deletion.
    await crashedRecord("op5", {
      moves: [
        { source: copyOfSource, staged: join(tmp(), "op5", "model", "Done-Q4_K_M.gguf"), method: "copy" },
      ],
      target: model.folder,
    });
    const reopened = await ModelLibrary.open(root);
    await expect(stat(copyOfSource)).rejects.toMatchObject({ code: "ENOENT" });
    expect(reopened.openReport.recovery.completed).toEqual([model.folder]);
    expect(reopened.openReport.reindexed?.reason).toBe("an operation was interrupted");
    expect((await reopened.get(model.id)).sha256).toBe(model.sha256);
    await reopened.close();
  });

  it("leaves the operations of live processes alone", async () => {
    await mkdir(join(tmp(), "live", "model"), { recursive: true });
    await crashedRecord("live", { pid: process.pid });
    const library = await ModelLibrary.open(root);
    expect(await readdir(tmp())).toEqual(["live"]);
    expect(await readdir(journal())).toEqual(["live.json"]);
    await library.close();
  });

  it("keeps the files of a record it cannot read", async () => {
    await mkdir(join(tmp(), "odd", "model"), { recursive: true });
    await writeFile(join(journal(), "odd.json"), "{ not json");
    const library = await ModelLibrary.open(root);
    expect(await readdir(tmp())).toEqual(["odd"]);
    expect(library.openReport.recovery.warnings[0]).toMatch(/odd\.json: unreadable journal record/);
    expect(indexSnapshot(library)).toEqual([]);
    await library.close();
  });
});
