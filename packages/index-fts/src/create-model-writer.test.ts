import type Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { makeModel } from "./test-utils/make-model.js";
import { openTestDb } from "./test-utils/open-test-db.js";
import { useTempDir } from "./test-utils/temp-dir.js";

const tempDir = useTempDir();

/** Every term the FTS index holds, and the rows it holds them for. */
function ftsTerms(db: Database.Database): Map<string, number> {
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, 'models_fts', 'row')");
  const rows = db.prepare("SELECT term, doc FROM temp.vocab").all() as { term: string; doc: number }[];
  return new Map(rows.map((r) => [r.term, r.doc]));
}
const ftsCheck = (db: Database.Database) =>
  db.prepare("INSERT INTO models_fts(models_fts) VALUES ('integrity-check')").run();

describe("createModelWriter", () => {
  it("indexes a model's text and keeps the FTS row in step with updates (no ghost terms)", async () => {
    const { db, write } = openTestDb(await tempDir());
    write([makeModel({ id: "a", name: "Zephyr Alpha", notes: "ghostly words" })]);
    expect(ftsTerms(db).get("zephyr")).toBe(1);
    expect(ftsTerms(db).get("ghostly")).toBe(1);

    write([makeModel({ id: "a", name: "Mistral Beta", notes: null })]);
    const terms = ftsTerms(db);
    expect(terms.has("zephyr")).toBe(false);
    expect(terms.has("ghostly")).toBe(false);
    expect(terms.get("mistral")).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM models").get()).toEqual({ n: 1 });
    expect(() => ftsCheck(db)).not.toThrow();
  });

  it("removes the FTS row with the model", async () => {
    const { db, write, writer } = openTestDb(await tempDir());
    write([makeModel({ id: "a", name: "Zephyr" }), makeModel({ id: "b", name: "Other" })]);
    expect(writer.remove("a")).toBe(true);
    expect(writer.remove("a")).toBe(false);
    expect(ftsTerms(db).has("zephyr")).toBe(false);
    expect(db.prepare("SELECT count(*) AS n FROM models_fts WHERE models_fts MATCH 'zephyr'").get()).toEqual({
      n: 0,
    });
    writer.clear();
    expect(ftsTerms(db).size).toBe(0);
    expect(() => ftsCheck(db)).not.toThrow();
  });

  it("leaves the FTS index alone when an update keeps the indexed text", async () => {
    const { db, write } = openTestDb(await tempDir());
    const doc = makeModel({ id: "a", name: "Zephyr Alpha", tags: ["chat"] });
    write([doc]);
    const indexData = () =>
      db.prepare("SELECT group_concat(id) || ':' || sum(length(block)) FROM models_fts_data").pluck().get();
    const before = indexData();
    write([{ ...doc, size: 123, sha256: "ab".repeat(32), updatedAt: "2025-06-01T00:00:00Z" }]);
    expect(indexData()).toBe(before);
    expect(db.prepare("SELECT size FROM models").pluck().get()).toBe(123);
    write([{ ...doc, tags: ["code"] }]);
    expect(indexData()).not.toBe(before);
    expect(ftsTerms(db).has("chat")).toBe(false);
    expect(ftsTerms(db).get("code")).toBe(1);
    expect(() => ftsCheck(db)).not.toThrow();
  });

  it("stores the document so it reads back as written", async () => {
    const { db, write } = openTestDb(await tempDir());
    const doc = makeModel({ id: "x", tags: ["b", "a"], parameterCount: 8_030_261_248, size: 4_920_734_016 });
    write([doc]);
    const row = db.prepare("SELECT size, parameter_count, tags, added_ms FROM models").get();
    expect(row).toEqual({
      size: 4_920_734_016,
      parameter_count: 8_030_261_248,
      tags: '["b","a"]',
      added_ms: Date.parse(doc.addedAt),
    });
  });
});
