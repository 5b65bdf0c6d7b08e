import { readFileSync } from "node:fs";
import { link, mkdir, readdir, readFile, readlink, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type LinkRecord, openJsonLinkRegistry } from "@ml/mapper";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { repairLibraryLinks } from "../links/repair-library-links.js";
import { METADATA_FILE } from "../store/metadata-schema.js";
import { ModelLibrary } from "../store/model-library.js";
import { pathExists } from "../store/path-exists.js";
import { indexSnapshot, tempDir } from "../test-utils/library-fixtures.js";
import { MergeError } from "./merge-error.js";
import {
  flipLastByte,
  libraryWith,
  modelBytes,
  sha256Of,
  treeSnapshot,
} from "./test-utils/merge-fixtures.js";

let dir: string;
let cleanup: () => Promise<void>;
let scratch: string;
let sourceRoot: string;
let destRoot: string;
const open: ModelLibrary[] = [];
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir("mlib-merge-"));
  scratch = join(dir, "downloads");
  await mkdir(scratch);
  sourceRoot = join(dir, "source");
  destRoot = join(dir, "dest");
});
afterEach(async () => {
  for (const library of open.splice(0)) await library.close();
  await cleanup();
});

async function libraries(source: Array<[string, Uint8Array]>, dest: Array<[string, Uint8Array]> = []) {
  const s = await libraryWith(sourceRoot, source, scratch);
  const d = await libraryWith(destRoot, dest, scratch);
  open.push(s.library, d.library);
  return { source: s, dest: d };
}

/** The destination's index equals a rebuild from its metadata files. */
async function expectIndexFresh(library: ModelLibrary): Promise<void> {
  const snapshot = indexSnapshot(library);
  await library.reindex();
  expect(indexSnapshot(library)).toEqual(snapshot);
}

async function reopen(root: string): Promise<ModelLibrary> {
  const library = await ModelLibrary.open(root);
  open.push(library);
  return library;
}

describe("merge", () => {
  it("moves every model with its overrides; the source ends empty, its index too", async () => {
    const a = modelBytes("Alpha");
    const b = modelBytes("Beta");
    const { source, dest } = await libraries([
      ["Alpha-Q4_K_M.gguf", a],
      ["Beta-Q4_K_M.gguf", b],
    ]);
    const [alpha, beta] = source.models as [(typeof source.models)[0], (typeof source.models)[0]];
    await source.library.setOverrides(alpha.id, { name: "My Alpha", tags: ["chat"] });
    await source.library.close();

    const result = await dest.library.merge(sourceRoot);
    expect(result.merged.map((m) => [m.action, m.id]).sort()).toEqual(
      [
        ["move", alpha.id],
        ["move", beta.id],
      ].sort(),
    );
    expect(result.skipped).toEqual([]);
    const moved = await dest.library.get(alpha.id);
    expect(moved).toMatchObject({ name: "My Alpha", tags: ["chat"], sha256: sha256Of(a) });
    expect(moved.folder.startsWith(destRoot)).toBe(true);
    expect(sha256Of(await readFile(moved.files[0]?.path as string))).toBe(sha256Of(a));
    expect(sha256Of(await readFile((await dest.library.get(beta.id)).files[0]?.path as string))).toBe(
      sha256Of(b),
    );
    expect(await pathExists(alpha.folder)).toBe(false);
    expect((await readdir(sourceRoot)).sort()).toEqual([".mlib"]);
    expect(await readdir(join(destRoot, ".mlib", "tmp"))).toEqual([]);
    expect(await readdir(join(destRoot, ".mlib", "journal"))).toEqual([]);
    await expectIndexFresh(dest.library);

    const reopened = await reopen(sourceRoot);
    expect(reopened.openReport.reindexed).toBeNull();
    expect(reopened.list().total).toBe(0);
  });

  it("--dry-run lists the plan and changes nothing in either library", async () => {
    const shared = modelBytes("Shared");
    const { source, dest } = await libraries(
      [
        ["New-Q4_K_M.gguf", modelBytes("New")],
        ["Shared-Q4_K_M.gguf", shared],
      ],
      [["Shared-Q4_K_M.gguf", shared]],
    );
    await source.library.close();
    const before = await treeSnapshot(dir, (name) => name.startsWith("library.db"));

    const plan = await dest.library.merge(sourceRoot, { dryRun: true });
    expect(plan.dryRun).toBe(true);
    expect(plan.counts).toEqual({ move: 1, duplicate: 1, conflict: 0, skip: 0 });
    const byAction = Object.fromEntries(plan.entries.map((e) => [e.action, e]));
    expect(byAction.move).toMatchObject({ sourceId: source.models[0]?.id, id: source.models[0]?.id });
    expect(byAction.duplicate).toMatchObject({ sourceId: source.models[1]?.id, id: dest.models[0]?.id });
    expect(plan.bytes).toBe(byAction.move?.size);
    expect(await treeSnapshot(dir, (name) => name.startsWith("library.db"))).toEqual(before);
    expect(dest.library.list().total).toBe(1);
  });

  it("keeps the destination's copy of a duplicate, fills in the source's tags, notes and overrides, deletes the source's", async () => {
    const shared = modelBytes("Shared");
    const { source, dest } = await libraries(
      [["Shared-Q4_K_M.gguf", shared]],
      [["Shared-Q4_K_M.gguf", shared]],
    );
    const [theirs] = source.models;
    const [ours] = dest.models;
    await source.library.setOverrides(theirs?.id as string, {
      tags: ["favourite"],
      notes: "from the laptop",
      name: "Their name",
      context_length: 2048,
    });
    await dest.library.setOverrides(ours?.id as string, { name: "Our name", tags: ["local"] });
    await source.library.close();
    const inode = (await stat((await dest.library.get(ours?.id as string)).files[0]?.path as string)).ino;

    const result = await dest.library.merge(sourceRoot);
    expect(result.merged).toEqual([
      expect.objectContaining({
        action: "duplicate",
        sourceId: theirs?.id,
        id: ours?.id,
        sha256: sha256Of(shared),
      }),
    ]);
    const kept = await dest.library.get(ours?.id as string);
    expect(kept).toMatchObject({ name: "Our name", notes: "from the laptop", context_length: 2048 });
    expect(kept.tags.sort()).toEqual(["favourite", "local"]);
    expect((await stat(kept.files[0]?.path as string)).ino).toBe(inode);
    expect(await pathExists(theirs?.folder as string)).toBe(false);
    expect(dest.library.list().total).toBe(1);
    await expectIndexFresh(dest.library);
  });

  it("leaves a duplicate in the source when the destination's copy fails verification", async () => {
    const shared = modelBytes("Shared");
    const { source, dest } = await libraries(
      [["Shared-Q4_K_M.gguf", shared]],
      [["Shared-Q4_K_M.gguf", shared]],
    );
    await source.library.close();
    const ours = await dest.library.get(dest.models[0]?.id as string);
    const damaged = flipLastByte(shared);
    await writeFile(ours.files[0]?.path as string, damaged);

    const result = await dest.library.merge(sourceRoot);
    expect(result.merged).toEqual([]);
    expect(result.skipped).toEqual([
      expect.objectContaining({ code: "DESTINATION_CORRUPT", sourceId: source.models[0]?.id }),
    ]);
    const theirs = join(source.models[0]?.folder as string, "Shared-Q4_K_M.gguf");
    expect(sha256Of(await readFile(theirs))).toBe(sha256Of(shared));
  });

  it("gives a model whose id is taken here by different bytes a new id (conflict)", async () => {
    const { source, dest } = await libraries(
      [["Mine-Q4_K_M.gguf", modelBytes("Mine")]],
      [["Yours-Q4_K_M.gguf", modelBytes("Yours")]],
    );
    await source.library.close();
    const taken = dest.models[0]?.id as string;
    // Force the clash: the source's model claims the id the destination uses.
    const metadataFile = join(source.models[0]?.folder as string, METADATA_FILE);
    const metadata = JSON.parse(await readFile(metadataFile, "utf8"));
    await writeFile(metadataFile, JSON.stringify({ ...metadata, id: taken }));

    const plan = await dest.library.merge(sourceRoot, { dryRun: true });
    expect(plan.entries[0]).toMatchObject({ action: "conflict", sourceId: taken });
    expect(plan.entries[0]?.reason).toMatch(/is taken here by a different model/);
    const result = await dest.library.merge(sourceRoot);
    const merged = result.merged[0];
    expect(merged).toMatchObject({ action: "conflict", sourceId: taken });
    expect(merged?.id).not.toBe(taken);
    expect(merged?.id).toBe(plan.entries[0]?.id);
    expect((await dest.library.get(merged?.id as string)).sha256).toBe(source.models[0]?.sha256);
    expect((await dest.library.get(taken)).sha256).toBe(dest.models[0]?.sha256);
    await expectIndexFresh(dest.library);
  });

  it("skips a model whose metadata is damaged, naming the file, and leaves it in the source", async () => {
    const { source, dest } = await libraries([
      ["Good-Q4_K_M.gguf", modelBytes("Good")],
      ["Bad-Q4_K_M.gguf", modelBytes("Bad")],
    ]);
    await source.library.close();
    const bad = source.models[1]?.folder as string;
    await writeFile(join(bad, METADATA_FILE), "{ not json");

    const result = await dest.library.merge(sourceRoot);
    expect(result.merged.map((m) => m.id)).toEqual([source.models[0]?.id]);
    expect(result.skipped).toEqual([
      expect.objectContaining({ code: "BAD_METADATA", folder: bad, sourceId: null }),
    ]);
    expect(result.skipped[0]?.reason).toContain(join(bad, METADATA_FILE));
    expect(await readFile(join(bad, METADATA_FILE), "utf8")).toBe("{ not json");
    expect(await pathExists(join(bad, "Bad-Q4_K_M.gguf"))).toBe(true);
  });

  it("skips a model whose file no longer matches its metadata; nothing of it is left here", async () => {
    const bytes = modelBytes("Changed");
    const { source, dest } = await libraries([["Changed-Q4_K_M.gguf", bytes]]);
    await source.library.close();
    const file = join(source.models[0]?.folder as string, "Changed-Q4_K_M.gguf");
    const changed = flipLastByte(bytes);
    await writeFile(file, changed);

    const result = await dest.library.merge(sourceRoot);
    expect(result.skipped).toEqual([expect.objectContaining({ code: "CORRUPT" })]);
    expect(result.skipped[0]?.reason).toContain(file);
    expect(sha256Of(await readFile(file))).toBe(sha256Of(changed));
    expect(dest.library.list().total).toBe(0);
    expect(await readdir(join(destRoot, ".mlib", "tmp"))).toEqual([]);
    expect(await readdir(join(destRoot, ".mlib", "journal"))).toEqual([]);
  });

  it("re-registers an in-place model without moving its file", async () => {
    const external = join(dir, "elsewhere", "Far-Q4_K_M.gguf");
    await mkdir(join(dir, "elsewhere"));
    const bytes = modelBytes("Far");
    await writeFile(external, bytes);
    const { source, dest } = await libraries([]);
    const { imported } = await source.library.import(external, { mode: "in-place" });
    const id = imported[0]?.id as string;
    await source.library.close();

    const plan = await dest.library.merge(sourceRoot, { dryRun: true });
    expect(plan.entries[0]).toMatchObject({ action: "move", inPlace: true });
    expect(plan.bytes).toBe(0);
    const result = await dest.library.merge(sourceRoot);
    expect(result.merged).toEqual([expect.objectContaining({ action: "move", id, inPlace: true })]);
    expect((await dest.library.get(id)).files[0]?.path).toBe(external);
    expect(sha256Of(await readFile(external))).toBe(sha256Of(bytes));
    expect((await readdir(sourceRoot)).sort()).toEqual([".mlib"]);
  });

  it("carries link records: hard links stay valid, symlinks are reported stale and links repair fixes them", async () => {
    const { source, dest } = await libraries([["Linked-Q4_K_M.gguf", modelBytes("Linked")]]);
    await source.library.close();
    const model = source.models[0] as (typeof source.models)[0];
    const file = join(model.folder, "Linked-Q4_K_M.gguf");
    const app = join(dir, "app");
    await mkdir(app);
    await link(file, join(app, "hard.gguf"));
    await symlink(file, join(app, "soft.gguf"));
    const info = await stat(file);
    const base = {
      app: "llamacpp",
      target: app,
      modelId: model.id,
      sourcePath: file,
      file: "Linked-Q4_K_M.gguf",
      size: info.size,
      createdAt: new Date().toISOString(),
    };
    const records: LinkRecord[] = [
      {
        ...base,
        id: "r-hard",
        path: join(app, "hard.gguf"),
        kind: "hardlink",
        sourceIno: info.ino,
        sourceDev: info.dev,
        mtimeMs: info.mtimeMs,
      },
      { ...base, id: "r-soft", path: join(app, "soft.gguf"), kind: "symlink" },
    ];
    const sourceRegistry = await openJsonLinkRegistry(join(sourceRoot, ".mlib", "links.json"));
    for (const record of records) await sourceRegistry.add(record);

    expect((await dest.library.merge(sourceRoot, { dryRun: true })).entries[0]?.links).toBe(2);
    const result = await dest.library.merge(sourceRoot);
    expect(result.links).toEqual({ carried: 2, stale: [join(app, "soft.gguf")] });
    const here = (await dest.library.get(model.id)).files[0]?.path as string;
    expect(await sourceRegistry.list()).toEqual([]);
    const carried = await (await openJsonLinkRegistry(join(destRoot, ".mlib", "links.json"))).list();
    expect(carried.find((r) => r.id === "r-hard")).toMatchObject({ modelId: model.id, sourcePath: here });
    // A symlink keeps the text that proves it is mlib's; repair follows `file` to the new place.
    expect(carried.find((r) => r.id === "r-soft")).toMatchObject({ modelId: model.id, sourcePath: file });
    expect((await stat(join(app, "hard.gguf"))).ino).toBe((await stat(here)).ino);

    const repair = await repairLibraryLinks(dest.library);
    expect(repair.repaired).toBe(1);
    expect(await readlink(join(app, "soft.gguf"))).toBe(here);
  });

  it("an abort rolls back the model in progress: whole in the source, nothing of it here", async () => {
    const bytes = modelBytes("Stopped");
    const { source, dest } = await libraries([["Stopped-Q4_K_M.gguf", bytes]]);
    await source.library.close();
    const controller = new AbortController();
    const error = await dest.library
      .merge(sourceRoot, {
        signal: controller.signal,
        onProgress: (event) => {
          if (event.type === "started") controller.abort();
        },
      })
      .catch((e) => e);
    expect(error).toMatchObject({ name: "AbortError" });
    expect(dest.library.list().total).toBe(0);
    expect(await readdir(join(destRoot, ".mlib", "tmp"))).toEqual([]);
    expect(await readdir(join(destRoot, ".mlib", "journal"))).toEqual([]);
    const file = join(source.models[0]?.folder as string, "Stopped-Q4_K_M.gguf");
    expect(sha256Of(await readFile(file))).toBe(sha256Of(bytes));
    expect((await stat(file)).nlink).toBe(1);
    expect(await pathExists(join(sourceRoot, ".mlib", "lock"))).toBe(false);
  });

  it("copy mode leaves the source as it was", async () => {
    const { source, dest } = await libraries([["Kept-Q4_K_M.gguf", modelBytes("Kept")]]);
    await source.library.close();
    // Its state folder changes (the lock comes and goes); its models must not.
    const models = () => treeSnapshot(sourceRoot, (name) => name === ".mlib");
    const before = await models();
    const result = await dest.library.merge(sourceRoot, { mode: "copy" });
    expect(result.merged).toEqual([expect.objectContaining({ action: "move", id: source.models[0]?.id })]);
    expect(await models()).toEqual(before);
    const here = (await dest.library.get(source.models[0]?.id as string)).files[0]?.path as string;
    const there = join(source.models[0]?.folder as string, "Kept-Q4_K_M.gguf");
    expect((await stat(here)).ino).not.toBe((await stat(there)).ino);
    expect((await reopen(sourceRoot)).list().total).toBe(1);
  });

  it("refuses a folder that is not a library, naming it, and touches nothing", async () => {
    const { dest } = await libraries([]);
    const plain = join(dir, "plain");
    await mkdir(plain);
    await writeFile(join(plain, "model.gguf"), modelBytes("Plain"));
    const before = await treeSnapshot(plain);
    const error = await dest.library.merge(plain).catch((e) => e);
    expect(error).toBeInstanceOf(MergeError);
    expect(error).toMatchObject({ code: "NOT_A_LIBRARY", path: plain });
    expect(error.message).toContain(plain);
    expect(await treeSnapshot(plain)).toEqual(before);
  });

  it("refuses to merge a library into itself or into one nested in it", async () => {
    const { dest } = await libraries([]);
    await expect(dest.library.merge(destRoot)).rejects.toMatchObject({ code: "SAME_LIBRARY" });
    await expect(dest.library.merge(join(destRoot, "."))).rejects.toMatchObject({ code: "SAME_LIBRARY" });
    const inner = join(destRoot, "inner");
    await (await ModelLibrary.open(inner, { create: true })).close();
    await expect(dest.library.merge(inner)).rejects.toMatchObject({ code: "NESTED_LIBRARY" });
  });

  it("holds the source library's lock while it works, and releases it", async () => {
    const { source, dest } = await libraries([["Busy-Q4_K_M.gguf", modelBytes("Busy")]]);
    await source.library.close();
    const lock = join(sourceRoot, ".mlib", "lock");
    const holders = new Set<number>();
    await dest.library.merge(sourceRoot, {
      onProgress: () => {
        // Synchronous read: the sink is called synchronously from the merge.
        holders.add(JSON.parse(readFileSync(lock, "utf8")).pid);
      },
    });
    expect([...holders]).toEqual([process.pid]);
    expect(await pathExists(lock)).toBe(false);
  });
});
