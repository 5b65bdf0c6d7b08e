import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { type Migration, runMigrations } from "./run-migrations.js";
import { useTempDir } from "./test-utils/temp-dir.js";

const tempDir = useTempDir();

const v1: Migration = {
  version: 1,
  description: "notes table",
  up: (db) => db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)"),
};
const v2: Migration = {
  version: 2,
  description: "notes.lang with a default",
  up: (db) => db.exec("ALTER TABLE notes ADD COLUMN lang TEXT NOT NULL DEFAULT 'en'"),
};

async function openDb() {
  const path = join(await tempDir(), "m.db");
  return { path, db: new Database(path) };
}
const version = (db: Database.Database) => db.pragma("user_version", { simple: true });

describe("runMigrations", () => {
  it("brings a new file to the last version", async () => {
    const { db, path } = await openDb();
    expect(runMigrations(db, [v1, v2], path)).toBe(2);
    expect(version(db)).toBe(2);
    db.prepare("INSERT INTO notes (text) VALUES ('x')").run();
    expect(db.prepare("SELECT lang FROM notes").get()).toEqual({ lang: "en" });
  });

  it("migrates a v1 file forward and keeps its rows", async () => {
    const { db, path } = await openDb();
    runMigrations(db, [v1], path);
    db.prepare("INSERT INTO notes (text) VALUES ('kept')").run();
    db.close();
    const reopened = new Database(path);
    expect(runMigrations(reopened, [v1, v2], path)).toBe(2);
    expect(reopened.prepare("SELECT text, lang FROM notes").all()).toEqual([{ text: "kept", lang: "en" }]);
  });

  it("does nothing on a file already at the last version", async () => {
    const { db, path } = await openDb();
    let runs = 0;
    const counted = {
      ...v1,
      up: (d: Database.Database) => {
        runs++;
        v1.up(d);
      },
    };
    runMigrations(db, [counted], path);
    runMigrations(db, [counted], path);
    expect(runs).toBe(1);
  });

  it("rolls a failing step back whole and leaves the previous version", async () => {
    const { db, path } = await openDb();
    const broken: Migration = {
      version: 2,
      description: "half done",
      up: (d) => {
        d.exec("CREATE TABLE half (x)");
        throw new Error("step failed");
      },
    };
    expect(() => runMigrations(db, [v1, broken], path)).toThrow("step failed");
    expect(version(db)).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
  });

  it("refuses a file newer than the code with INDEX_TOO_NEW", async () => {
    const { db, path } = await openDb();
    db.pragma("user_version = 7");
    expect(() => runMigrations(db, [v1, v2], path)).toThrow(
      expect.objectContaining({
        code: "INDEX_TOO_NEW",
        message: expect.stringMatching(
          new RegExp(`^${path}: index schema version 7 is newer than this mlib knows \\(2\\)`),
        ),
      }),
    );
    expect(version(db)).toBe(7);
  });

  it("refuses steps not numbered 1, 2, 3, ...", async () => {
    const { db, path } = await openDb();
    expect(() => runMigrations(db, [v2], path)).toThrow(expect.objectContaining({ code: "BAD_MIGRATIONS" }));
    expect(() => runMigrations(db, [v1, v1], path)).toThrow(
      expect.objectContaining({ code: "BAD_MIGRATIONS" }),
    );
    expect(version(db)).toBe(0);
  });
});
