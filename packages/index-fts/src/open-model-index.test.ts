import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { IndexedModel } from "./indexed-model.js";
import { MIGRATIONS } from "./migrations.js";
import { openModelIndex } from "./open-model-index.js";
import { makeModel } from "./test-utils/make-model.js";
import { useTempDir } from "./test-utils/temp-dir.js";

const tempDir = useTempDir();
const dbFile = async () => join(await tempDir(), "library.db");
const idsOf = (index: ReturnType<typeof openModelIndex>) =>
  index.search({ limit: 1000 }).items.map((m) => m.id);

/** Yields `docs`, then a document that fails validation. */
function* failingAfter(docs: IndexedModel[]): Generator<IndexedModel> {
  yield* docs;
  yield { ...makeModel({ id: "bad" }), size: -1 };
}

describe("openModelIndex", () => {
  it("creates a WAL database at the current schema version", async () => {
    const path = await dbFile();
    openModelIndex(path).close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it("upserts, gets, counts and removes models, and keeps them across reopening", async () => {
    const path = await dbFile();
    const index = openModelIndex(path);
    expect(index.path).toBe(path);
    index.upsert(makeModel({ id: "a", name: "Alpha" }));
    index.upsert(makeModel({ id: "b", name: "Beta" }));
    index.upsert(makeModel({ id: "a", name: "Alpha 2", tags: ["x"] }));
    expect(index.count()).toBe(2);
    expect(index.get("a")).toMatchObject({ id: "a", name: "Alpha 2", tags: ["x"], repo: null });
    expect(index.get("zzz")).toBeNull();
    index.close();

    const reopened = openModelIndex(path);
    expect(reopened.count()).toBe(2);
    expect(reopened.search({ query: "alpha" }).items.map((m) => m.name)).toEqual(["Alpha 2"]);
    expect(reopened.remove("a")).toBe(true);
    expect(reopened.remove("a")).toBe(false);
    expect(idsOf(reopened)).toEqual(["b"]);
    expect(reopened.checkIntegrity()).toEqual({ ok: true, problems: [] });
    reopened.close();
  });

  it("writes upsertMany in one transaction: a bad document writes none", async () => {
    const index = openModelIndex(await dbFile());
    expect(index.upsertMany([makeModel({ id: "a" }), makeModel({ id: "b" })])).toBe(2);
    expect(() => index.upsertMany(failingAfter([makeModel({ id: "c" })]))).toThrow(
      expect.objectContaining({
        code: "INVALID_DOCUMENT",
        message: expect.stringContaining('model "bad": size'),
      }),
    );
    expect(idsOf(index)).toEqual(["a", "b"]);
    index.close();
  });

  it("replaces everything with replaceAll, or nothing when a document fails", async () => {
    const index = openModelIndex(await dbFile());
    index.upsertMany([makeModel({ id: "old-1", name: "Old One" }), makeModel({ id: "old-2" })]);
    expect(() => index.replaceAll(failingAfter([makeModel({ id: "new-1" })]))).toThrow(
      expect.objectContaining({ code: "INVALID_DOCUMENT" }),
    );
    expect(idsOf(index)).toEqual(["old-1", "old-2"]);
    expect(index.search({ query: "old one" }).total).toBe(1);

    expect(index.replaceAll([makeModel({ id: "new-1", name: "New One" }), makeModel({ id: "new-2" })])).toBe(
      2,
    );
    expect(idsOf(index)).toEqual(["new-1", "new-2"]);
    expect(index.search({ query: "old" }).total).toBe(0);
    expect(index.checkIntegrity().ok).toBe(true);
    index.close();
  });

  it("lets other connections read while one writes (WAL), and a second writer waits then fails BUSY", async () => {
    const path = await dbFile();
    const writer = openModelIndex(path);
    writer.upsert(makeModel({ id: "before" }));
    const reader = openModelIndex(path, { readonly: true });
    const otherWriter = openModelIndex(path, { busyTimeoutMs: 50 });
    const seenDuringWrite: string[][] = [];
    let busy: unknown;

    function* docs(): Generator<IndexedModel> {
      yield makeModel({ id: "during-1" });
      // The write transaction is open here: readers see the last commit, writers are locked out.
      seenDuringWrite.push(idsOf(reader));
      try {
        otherWriter.upsert(makeModel({ id: "intruder" }));
      } catch (error) {
        busy = error;
      }
      yield makeModel({ id: "during-2" });
    }
    writer.upsertMany(docs());

    expect(seenDuringWrite).toEqual([["before"]]);
    expect(busy).toMatchObject({ code: "BUSY", message: expect.stringContaining(path) });
    expect(idsOf(reader)).toEqual(["before", "during-1", "during-2"]);
    for (const index of [writer, reader, otherWriter]) index.close();
  });

  it("opens read-only: reads work, writes fail READONLY", async () => {
    const path = await dbFile();
    const writer = openModelIndex(path);
    writer.upsert(makeModel({ id: "a", sha256: "ab".repeat(32) }));
    writer.close();
    const index = openModelIndex(path, { readonly: true });
    expect(index.readonly).toBe(true);
    expect(index.findByHash({ sha256: "AB".repeat(32) }).map((m) => m.id)).toEqual(["a"]);
    expect(index.stats().count).toBe(1);
    expect(() => index.upsert(makeModel({ id: "b" }))).toThrow(expect.objectContaining({ code: "READONLY" }));
    expect(() => index.remove("a")).toThrow(expect.objectContaining({ code: "READONLY" }));
    expect(() => index.replaceAll([])).toThrow(expect.objectContaining({ code: "READONLY" }));
    expect(index.count()).toBe(1);
    expect(index.checkIntegrity()).toEqual({ ok: true, problems: [] });
    index.close();
  });

  it("fails OPEN_FAILED read-only on a missing file, and INDEX_OUTDATED on an unmigrated one", async () => {
    const path = await dbFile();
    expect(() => openModelIndex(path, { readonly: true })).toThrow(
      expect.objectContaining({
        code: "OPEN_FAILED",
        message: expect.stringMatching(new RegExp(`^${path}: `)),
      }),
    );
    new Database(path).close(); // an empty database, version 0
    expect(() => openModelIndex(path, { readonly: true })).toThrow(
      expect.objectContaining({ code: "INDEX_OUTDATED" }),
    );
  });

  it("refuses a file from a newer mlib with INDEX_TOO_NEW and leaves it alone", async () => {
    const path = await dbFile();
    const db = new Database(path);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    for (const readonly of [false, true]) {
      expect(() => openModelIndex(path, { readonly })).toThrow(
        expect.objectContaining({ code: "INDEX_TOO_NEW" }),
      );
    }
    const after = new Database(path);
    expect(after.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length + 1);
    after.close();
  });

  it("refuses a file that is not a database without touching it", async () => {
    const path = await dbFile();
    const content = "this is somebody's notes file, not SQLite\n".repeat(200);
    await writeFile(path, content);
    expect(() => openModelIndex(path)).toThrow(
      expect.objectContaining({ code: "CORRUPT", message: expect.stringMatching(new RegExp(`^${path}: `)) }),
    );
    expect(await readFile(path, "utf8")).toBe(content);
  });

  it("throws CLOSED after close, which may be called twice", async () => {
    const index = openModelIndex(await dbFile());
    index.close();
    index.close();
    expect(() => index.count()).toThrow(expect.objectContaining({ code: "CLOSED" }));
    expect(() => index.search({ query: "x" })).toThrow(expect.objectContaining({ code: "CLOSED" }));
    expect(() => index.upsert(makeModel({ id: "a" }))).toThrow(expect.objectContaining({ code: "CLOSED" }));
  });

  it("reports a search index out of step with its models in checkIntegrity", async () => {
    const path = await dbFile();
    const index = openModelIndex(path);
    index.upsertMany([makeModel({ id: "a", name: "Alpha" }), makeModel({ id: "b" }), makeModel({ id: "c" })]);
    // Simulate damage behind the writer's back: a model deleted (its FTS row left as a ghost) and
    // a model's FTS row deleted (the model left unindexed).
    const raw = new Database(path);
    raw.exec("DELETE FROM models WHERE id = 'a'; INSERT INTO models_fts(models_fts) VALUES ('delete-all');");
    raw.exec("INSERT INTO models_fts(rowid, names) VALUES (1, 'Alpha')");
    raw.close();
    expect(index.checkIntegrity()).toEqual({
      ok: false,
      problems: [
        'search index: 2 model(s) not indexed, e.g. "b", "c"',
        "search index: 1 row(s) of models no longer there",
      ],
    });
    const readonly = openModelIndex(path, { readonly: true });
    expect(readonly.checkIntegrity().ok).toBe(false);
    readonly.close();
    index.close();
  });
});
