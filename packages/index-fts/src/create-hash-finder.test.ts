import { describe, expect, it } from "vitest";
import { createHashFinder } from "./create-hash-finder.js";
import { makeModel } from "./test-utils/make-model.js";
import { openTestDb } from "./test-utils/open-test-db.js";
import { useTempDir } from "./test-utils/temp-dir.js";

const tempDir = useTempDir();
const sha = (c: string) => c.repeat(64);

describe("createHashFinder", () => {
  it("finds models by any given digest, case-insensitively, sorted by id", async () => {
    const { db, path, write } = openTestDb(await tempDir());
    write([
      makeModel({ id: "b", sha256: sha("a"), blake3: sha("1") }),
      makeModel({ id: "a", sha256: sha("a"), fastHash: `fh1:${sha("f")}` }),
      makeModel({ id: "c", sha256: sha("c"), blake3: sha("2") }),
    ]);
    const find = createHashFinder(db, path);
    expect(find({ sha256: sha("A") }).map((m) => m.id)).toEqual(["a", "b"]);
    expect(find({ blake3: sha("2") }).map((m) => m.id)).toEqual(["c"]);
    expect(find({ fastHash: `fh1:${sha("f")}` }).map((m) => m.id)).toEqual(["a"]);
    expect(find({ sha256: sha("c"), blake3: sha("1") }).map((m) => m.id)).toEqual(["b", "c"]);
    expect(find({ sha256: sha("9") })).toEqual([]);
    expect(find({ sha256: sha("c") })[0]).toMatchObject({ id: "c", blake3: sha("2"), tags: [] });
  });

  it("answers from the hash indexes", async () => {
    const { db } = openTestDb(await tempDir());
    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT * FROM models WHERE sha256 = ? OR blake3 = ? OR fast_hash = ?")
      .all("a", "b", "c") as { detail: string }[];
    const details = plan.map((p) => p.detail).join("\n");
    expect(details).toContain("models_sha256");
    expect(details).toContain("models_blake3");
    expect(details).toContain("models_fast_hash");
  });

  it("rejects a lookup without any digest", async () => {
    const { db, path } = openTestDb(await tempDir());
    const find = createHashFinder(db, path);
    for (const bad of [{}, { sha256: "" }, { blake3: null }, { sha256: 5 as unknown as string }]) {
      expect(() => find(bad)).toThrow(expect.objectContaining({ code: "BAD_QUERY" }));
    }
  });
});
