import { readdir, rm, stat, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDir, writeLlmGguf } from "../test-utils/library-fixtures.js";
import { LibraryError } from "./library-error.js";
import { acquireLibraryLock } from "./library-lock.js";
import { INDEX_CHECK_INTERVAL_MS, ModelLibrary } from "./model-library.js";

let dir: string;
let cleanup: () => Promise<void>;
let root: string;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  root = join(dir, "library");
});
afterEach(() => cleanup());

async function withModels(n: number, names = ["Alpha-Q4_K_M", "Alpha-Q8_0", "Beta-Q4_K_M"]) {
  const library = await ModelLibrary.open(root, { create: true });
  const ids: string[] = [];
  for (const name of names.slice(0, n)) {
    const fileType = name.endsWith("Q8_0") ? 7 : 15;
    const source = await writeLlmGguf(join(dir, "src", `${name}.gguf`), { name, fileType });
    const { imported } = await library.import(source);
    ids.push(imported[0]?.id as string);
  }
  return { library, ids };
}

describe("ModelLibrary.open", () => {
  it("refuses a folder that is not a library unless asked to create one", async () => {
    const error = await ModelLibrary.open(root).catch((e) => e);
    expect(error).toBeInstanceOf(LibraryError);
    expect(error).toMatchObject({ code: "NOT_A_LIBRARY", path: root });
  });

  it("creates the layout: .mlib with the index, tmp and journal", async () => {
    const library = await ModelLibrary.open(root, { create: true });
    expect((await readdir(join(root, ".mlib"))).sort()).toEqual(
      expect.arrayContaining(["journal", "library.db", "tmp"]),
    );
    expect(library.openReport.reindexed?.reason).toBe("no index yet");
    await library.close();
    const again = await ModelLibrary.open(root);
    expect(again.openReport.reindexed).toBeNull();
    await again.close();
  });

  it("rebuilds a missing index from the metadata files", async () => {
    const { library, ids } = await withModels(2);
    await library.close();
    await rm(join(root, ".mlib", "library.db"));
    const reopened = await ModelLibrary.open(root);
    expect(reopened.openReport.reindexed).toMatchObject({ count: 2, reason: "no index yet" });
    expect(
      reopened
        .list()
        .items.map((m) => m.id)
        .sort(),
    ).toEqual([...ids].sort());
    await reopened.close();
  });

  it("replaces a damaged index", async () => {
    const { library, ids } = await withModels(1);
    await library.close();
    for (const suffix of ["-wal", "-shm"])
      await rm(join(root, ".mlib", `library.db${suffix}`), { force: true });
    await writeFile(join(root, ".mlib", "library.db"), "this is not a database".repeat(100));
    const reopened = await ModelLibrary.open(root);
    expect(reopened.openReport.reindexed?.reason).toMatch(/index unusable/);
    expect(reopened.list().items.map((m) => m.id)).toEqual(ids);
    await reopened.close();
  });

  it("runs the index's full integrity check when the last one is over a day old, and rebuilds what it finds damaged", async () => {
    const { library, ids } = await withModels(2);
    await library.close();
    const marker = join(root, ".mlib", "library.db.checked");
    const checkedAt = (await stat(marker)).mtimeMs;
    // Damage only the full check sees: one block of the FTS index, in a file that still opens.
    const db = new Database(join(root, ".mlib", "library.db"));
    db.unsafeMode(true); // lifts SQLite's guard against writing an FTS table's own storage
    db.prepare(
      "UPDATE models_fts_data SET block = zeroblob(length(block)) WHERE id = (SELECT max(id) FROM models_fts_data)",
    ).run();
    db.close();

    const recent = await ModelLibrary.open(root);
    expect(recent.openReport.reindexed).toBeNull(); // checked less than a day ago: not again
    await recent.close();

    const dayAgo = new Date(Date.now() - INDEX_CHECK_INTERVAL_MS - 60_000);
    await utimes(marker, dayAgo, dayAgo);
    const due = await ModelLibrary.open(root);
    expect(due.openReport.reindexed?.reason).toMatch(/index unusable/);
    expect(
      due
        .list()
        .items.map((m) => m.id)
        .sort(),
    ).toEqual([...ids].sort());
    expect((await stat(marker)).mtimeMs).toBeGreaterThan(checkedAt);
    await due.close();
  });

  it("rebuilds the index when a crashed process left a change half recorded", async () => {
    const { library, ids } = await withModels(1);
    await library.close();
    await writeFile(
      join(root, ".mlib", "journal", "op1.json"),
      JSON.stringify({
        id: "op1",
        kind: "update",
        model_id: ids[0],
        pid: 0,
        hostname: hostname(),
        started_at: "x",
      }),
    );
    const reopened = await ModelLibrary.open(root);
    expect(reopened.openReport.reindexed?.reason).toBe("an operation was interrupted");
    expect(await readdir(join(root, ".mlib", "journal"))).toEqual([]);
    await reopened.close();
  });
});

describe("lookups", () => {
  it("gets a model by id or unique id prefix, and says which ids an ambiguous prefix matches", async () => {
    const { library, ids } = await withModels(3);
    const [a1, a2] = ids as [string, string];
    expect((await library.get(a1)).id).toBe(a1);
    expect((await library.get(a1.slice(0, 20).toUpperCase())).id).toBe(a1);
    const error = await library.get("alpha").catch((e) => e);
    expect(error).toMatchObject({ code: "AMBIGUOUS_ID" });
    expect([...error.candidates].sort()).toEqual([a1, a2].sort());
    await expect(library.get("zzz")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await library.close();
  });

  it("lists, searches and counts through the index", async () => {
    const { library } = await withModels(3);
    expect(library.list().total).toBe(3);
    expect(library.search({ query: "beta" }).items.map((m) => m.name)).toEqual(["Beta"]);
    expect(library.list({ quantization: "Q8_0" }).total).toBe(1);
    const stats = library.stats();
    expect(stats.count).toBe(3);
    expect(stats.byType).toEqual([{ value: "llm", count: 3, size: stats.totalSize }]);
    expect(stats.byFormat[0]).toMatchObject({ value: "gguf", count: 3 });
    await library.close();
  });
});

describe("overrides", () => {
  it("apply the user's edits over metadata, in records and in search", async () => {
    const { library, ids } = await withModels(1);
    const id = ids[0] as string;
    const changes: unknown[] = [];
    library.onChange((c) => changes.push(c));
    const updated = await library.setOverrides(id, {
      name: "My Favourite",
      tags: ["fav", "fav"],
      notes: "good",
    });
    expect(updated).toMatchObject({ name: "My Favourite", tags: ["fav"], notes: "good" });
    expect((await library.get(id)).overrides).toEqual({ name: "My Favourite", tags: ["fav"], notes: "good" });
    expect(library.search({ query: "favourite" }).items.map((m) => m.id)).toEqual([id]);
    expect(library.list({ tag: "fav" }).total).toBe(1);
    expect(changes).toEqual([{ kind: "updated", id }]);

    const cleared = await library.setOverrides(id, { name: null, tags: null, notes: null });
    expect(cleared.name).toBe("Alpha");
    expect(await readdir(cleared.folder)).not.toContain("overrides.json");
    await library.close();
  });

  it("refuses an unknown field or a bad value without writing", async () => {
    const { library, ids } = await withModels(1);
    await expect(library.setOverrides(ids[0] as string, { nmae: "x" } as never)).rejects.toMatchObject({
      code: "BAD_OVERRIDES",
    });
    await expect(
      library.setOverrides(ids[0] as string, { type: "spaceship" } as never),
    ).rejects.toMatchObject({
      code: "BAD_OVERRIDES",
    });
    expect((await library.get(ids[0] as string)).overrides).toEqual({});
    await library.close();
  });
});

describe("locking and closing", () => {
  it("a mutation fails with LIBRARY_LOCKED while another holder keeps the lock", async () => {
    const library = await ModelLibrary.open(root, { create: true, lockTimeoutMs: 100 });
    const held = await acquireLibraryLock(join(root, ".mlib", "lock"));
    await expect(library.reindex()).rejects.toMatchObject({ code: "LIBRARY_LOCKED" });
    await held.release();
    await expect(library.reindex()).resolves.toEqual({ count: 0, warnings: [] });
    await library.close();
  });

  it("mutations from one library object queue instead of contending", async () => {
    const { library, ids } = await withModels(1);
    const id = ids[0] as string;
    await Promise.all(["a", "b", "c"].map((tag) => library.setOverrides(id, { notes: tag })));
    expect(["a", "b", "c"]).toContain((await library.get(id)).notes);
    await expect(stat(join(root, ".mlib", "lock"))).rejects.toMatchObject({ code: "ENOENT" });
    await library.close();
  });

  it("refuses use after close", async () => {
    const library = await ModelLibrary.open(root, { create: true });
    await library.close();
    await library.close();
    expect(() => library.list()).toThrow(expect.objectContaining({ code: "CLOSED" }));
    await expect(library.reindex()).rejects.toMatchObject({ code: "CLOSED" });
  });
});
