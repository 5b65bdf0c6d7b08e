import { describe, expect, it } from "vitest";
import { createModelSearcher } from "./create-model-searcher.js";
import { fillSearchIndex } from "./fill-search-index.js";
import { makeModel } from "./test-utils/make-model.js";
import { openTestDb } from "./test-utils/open-test-db.js";
import { useTempDir } from "./test-utils/temp-dir.js";

const tempDir = useTempDir();

describe("fillSearchIndex", () => {
  it("indexes every stored model again, in batches", async () => {
    const { db, path, write } = openTestDb(await tempDir());
    write(Array.from({ length: 2500 }, (_, i) => makeModel({ id: `m${i}`, name: `Llama-3.1 ${i}` })));
    db.exec("INSERT INTO models_fts(models_fts) VALUES ('delete-all')");
    const search = createModelSearcher(db, path);
    expect(search({ query: "llama-3.1" }).total).toBe(0);
    fillSearchIndex(db);
    expect(search({ query: "llama-3.1" }).total).toBe(2500);
    expect(search({ query: "2499 " }).items.map((m) => m.id)).toEqual(["m2499"]);
    db.exec("INSERT INTO models_fts(models_fts) VALUES ('integrity-check')");
  });
});
