// Recovery of merges whose process died, from the states a crash leaves (the random kills of
// merge.crash.test.ts find the same states by chance; these pin them down).
import { link, lstat, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { openJsonLinkRegistry } from "@ml/mapper";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ModelLibrary } from "../store/model-library.js";
import { pathExists } from "../store/path-exists.js";
import { tempDir } from "../test-utils/library-fixtures.js";
import type { MergeRecord, MergeSourceFile } from "./merge-record.js";
import { type FixtureModel, libraryWith, modelBytes, sha256Of } from "./test-utils/merge-fixtures.js";

let dir: string;
let cleanup: () => Promise<void>;
let sourceRoot: string;
let destRoot: string;
let model: FixtureModel;
let file: string;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir("mlib-merge-recover-"));
  await mkdir(join(dir, "downloads"));
  sourceRoot = join(dir, "source");
  destRoot = join(dir, "dest");
  const source = await libraryWith(
    sourceRoot,
    [["Crashed-Q4_K_M.gguf", modelBytes("Crashed")]],
    join(dir, "downloads"),
  );
  model = source.models[0] as FixtureModel;
  file = join(model.folder, "Crashed-Q4_K_M.gguf");
  await source.library.close();
  await (await ModelLibrary.open(destRoot, { create: true })).close();
});
afterEach(() => cleanup());

const journal = (root: string) => join(root, ".mlib", "journal");
const tmp = (root: string) => join(root, ".mlib", "tmp");

/** The record a merge process killed at that step (pid 0 is never alive) would have left. */
async function crashedRecord(rest: Partial<MergeRecord>): Promise<MergeRecord> {
  const info = await lstat(file);
  const files: MergeSourceFile[] = [
    {
      name: "Crashed-Q4_K_M.gguf",
      path: file,
      size: info.size,
      sha256: model.sha256,
      external: false,
      dev: info.dev,
      ino: info.ino,
      mtime_ms: info.mtimeMs,
    },
  ];
  const record: MergeRecord = {
    id: "op1",
    pid: 0,
    hostname: hostname(),
    started_at: new Date().toISOString(),
    kind: "merge",
    action: "move",
    mode: "move",
    source_root: sourceRoot,
    source_folder: model.folder,
    source_id: model.id,
    files,
    ...rest,
  };
  await writeFile(join(journal(destRoot), "op1.json"), JSON.stringify(record));
  return record;
}

/** The destination after a commit: what a copy-mode merge makes is what a move commits. */
async function committedCopy(): Promise<string> {
  const dest = await ModelLibrary.open(destRoot);
  const result = await dest.merge(sourceRoot, { mode: "copy" });
  await dest.close();
  return result.merged[0]?.folder as string;
}

describe("recovery of an interrupted merge", () => {
  it("rolls back a model that had not committed: the staged links go, the source is whole", async () => {
    await mkdir(join(tmp(destRoot), "op1", "model"), { recursive: true });
    await link(file, join(tmp(destRoot), "op1", "model", "Crashed-Q4_K_M.gguf"));
    await crashedRecord({ target: join(destRoot, "llm", "llama", "Crashed-Q4_K_M"), target_id: model.id });

    const dest = await ModelLibrary.open(destRoot);
    expect(await readdir(tmp(destRoot))).toEqual([]);
    expect(await readdir(journal(destRoot))).toEqual([]);
    expect(dest.list().total).toBe(0);
    await dest.close();
    expect((await lstat(file)).nlink).toBe(1);
    expect(sha256Of(await readFile(file))).toBe(model.sha256);
    const source = await ModelLibrary.open(sourceRoot);
    expect(source.list().items.map((m) => m.id)).toEqual([model.id]);
    await source.close();
  });

  it("finishes a model that had committed: links carried, source files deleted, both indexes right", async () => {
    const folder = await committedCopy();
    const registry = await openJsonLinkRegistry(join(sourceRoot, ".mlib", "links.json"));
    await registry.add({
      id: "r1",
      app: "llamacpp",
      target: join(dir, "app"),
      path: join(dir, "app", "Crashed.gguf"),
      kind: "copy",
      modelId: model.id,
      sourcePath: file,
      file: "Crashed-Q4_K_M.gguf",
      size: 1,
      createdAt: "2026-01-01T00:00:00.000Z",
    });
    await crashedRecord({ target: folder, target_id: model.id });
    // Its "remove" record in the source, as when killed between metadata.json and the index.
    await writeFile(
      join(journal(sourceRoot), "op1.json"),
      JSON.stringify({
        id: "op1",
        pid: 0,
        hostname: hostname(),
        started_at: "x",
        kind: "remove",
        model_id: model.id,
      }),
    );

    const dest = await ModelLibrary.open(destRoot);
    expect(dest.openReport.recovery.completed).toEqual([folder]);
    expect(dest.openReport.reindexed?.reason).toBe("an operation was interrupted");
    expect((await dest.get(model.id)).folder).toBe(folder);
    await dest.close();
    expect(await pathExists(model.folder)).toBe(false);
    expect(await readdir(journal(sourceRoot))).toEqual([]);
    expect(await registry.list()).toEqual([]);
    const carried = await (await openJsonLinkRegistry(join(destRoot, ".mlib", "links.json"))).list();
    expect(carried).toEqual([
      expect.objectContaining({ id: "r1", sourcePath: join(folder, "Crashed-Q4_K_M.gguf") }),
    ]);
    const source = await ModelLibrary.open(sourceRoot);
    expect(source.openReport.reindexed).toBeNull();
    expect(source.list().total).toBe(0);
    await source.close();
  });

  it("never deletes a source file that changed since it was planned", async () => {
    const folder = await committedCopy();
    await crashedRecord({ target: folder, target_id: model.id });
    await writeFile(file, "something else now");

    const dest = await ModelLibrary.open(destRoot);
    expect(dest.openReport.recovery.warnings).toEqual([
      `${file}: changed during the merge, left in the source`,
    ]);
    await dest.close();
    expect(await readFile(file, "utf8")).toBe("something else now");
    expect(await pathExists(join(model.folder, "metadata.json"))).toBe(false);
  });

  it("waits for a source locked by a live process: the record stays until an open can finish", async () => {
    const folder = await committedCopy();
    await crashedRecord({ target: folder, target_id: model.id });
    const lock = join(sourceRoot, ".mlib", "lock");
    // A lock naming this (live) process with a token nobody holds.
    await writeFile(lock, JSON.stringify({ pid: process.pid, hostname: hostname(), since: "x", token: "t" }));

    const first = await ModelLibrary.open(destRoot);
    expect(first.openReport.recovery.warnings[0]).toMatch(/not finished .*library is locked/);
    await first.close();
    expect(await readdir(journal(destRoot))).toEqual(["op1.json"]);
    expect(await pathExists(file)).toBe(true);

    await writeFile(lock, JSON.stringify({ pid: 0, hostname: hostname(), since: "x", token: "t" }));
    const second = await ModelLibrary.open(destRoot);
    expect(second.openReport.recovery.completed).toEqual([folder]);
    await second.close();
    expect(await readdir(journal(destRoot))).toEqual([]);
    expect(await pathExists(file)).toBe(false);
  }, 20_000);

  it("removes temp files that atomic writes of dead processes left (journal, registry)", async () => {
    await writeFile(join(journal(destRoot), ".op9.json.mlib-999999999-0a1b.tmp"), "{");
    await writeFile(join(destRoot, ".mlib", ".links.json.mlib-999999999-0a1b.tmp"), "{");
    const live = join(destRoot, ".mlib", `.links.json.mlib-${process.pid}-0a1b.tmp`);
    await writeFile(live, "{");
    await (await ModelLibrary.open(destRoot)).close();
    expect(await readdir(journal(destRoot))).toEqual([]);
    expect((await readdir(join(destRoot, ".mlib"))).filter((n) => n.endsWith(".tmp"))).toEqual([
      `.links.json.mlib-${process.pid}-0a1b.tmp`,
    ]);
  });
});
