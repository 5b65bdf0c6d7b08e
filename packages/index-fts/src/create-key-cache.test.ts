import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { createKeyCache } from "./create-key-cache.js";
import { makeModel } from "./test-utils/make-model.js";
import { openTestDb } from "./test-utils/open-test-db.js";
import { useTempDir } from "./test-utils/temp-dir.js";

const tempDir = useTempDir();

describe("createKeyCache", () => {
  it("holds sizes by rid and each key's order with ties by id", async () => {
    const { db, write } = openTestDb(await tempDir());
    write([
      makeModel({ id: "b", name: "beta", size: 30, addedAt: "2025-01-02T00:00:00Z" }),
      makeModel({ id: "a", name: "Alpha", size: 30, addedAt: "2025-01-03T00:00:00Z" }),
      makeModel({ id: "c", name: "gamma", size: 10, addedAt: "2025-01-01T00:00:00Z" }),
    ]);
    const keys = createKeyCache(db)();
    expect([...keys.sizes()]).toEqual([0, 30, 30, 10]); // rid 0 is never used
    const ids = (key: "name" | "size" | "date") => [...keys.order(key).rids].map((rid) => "bac"[rid - 1]);
    expect(ids("name")).toEqual(["a", "b", "c"]); // NOCASE, like the name index
    expect(ids("size")).toEqual(["c", "a", "b"]);
    expect(ids("date")).toEqual(["c", "b", "a"]);
    expect([...keys.order("size").position]).toEqual([0, 2, 1, 0]);
  });

  it("reloads after a write on its own connection or a commit on another", async () => {
    const { db, path, write } = openTestDb(await tempDir());
    write([makeModel({ id: "a", size: 1 })]);
    const keys = createKeyCache(db);
    const first = keys();
    expect(first.sizes()[1]).toBe(1);
    expect(keys()).toBe(first); // unchanged data: the same copy

    write([makeModel({ id: "a", size: 2 })]);
    expect(keys().sizes()[1]).toBe(2);

    const other = new Database(path);
    other.prepare("UPDATE models SET size = 3").run();
    other.close();
    expect(keys().sizes()[1]).toBe(3);
  });
});
