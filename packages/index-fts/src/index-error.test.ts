import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { IndexError, toIndexError } from "./index-error.js";

describe("toIndexError", () => {
  it("maps SQLite result codes and names the index file", () => {
    const busy = Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" });
    expect(toIndexError(busy, "/lib/index.db")).toMatchObject({
      name: "IndexError",
      code: "BUSY",
      message: "/lib/index.db: index is busy (another process is writing): database is locked",
    });
    const corrupt = Object.assign(new Error("malformed"), { code: "SQLITE_CORRUPT_VTAB" });
    expect(toIndexError(corrupt, "/x").code).toBe("CORRUPT");
    const full = Object.assign(new Error("full"), { code: "SQLITE_FULL" });
    expect(toIndexError(full, "/x").code).toBe("IO_ERROR");
    const other = Object.assign(new Error("no such table: x"), { code: "SQLITE_ERROR" });
    expect(toIndexError(other, "/x")).toMatchObject({
      code: "SQLITE_ERROR",
      message: "/x: no such table: x",
    });
    expect(toIndexError(busy, "/x").cause).toBe(busy);
  });

  it("recognises better-sqlite3's closed-connection TypeError", () => {
    const db = new Database(":memory:");
    const statement = db.prepare("SELECT 1");
    db.close();
    let thrown: unknown;
    try {
      statement.get();
    } catch (error) {
      thrown = error;
    }
    expect(toIndexError(thrown, "/x").code).toBe("CLOSED");
  });

  it("passes an IndexError through unchanged", () => {
    const original = new IndexError("BAD_QUERY", "/x: bad");
    expect(toIndexError(original, "/other")).toBe(original);
  });
});
