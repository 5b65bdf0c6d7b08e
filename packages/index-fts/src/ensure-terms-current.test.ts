import { describe, expect, it } from "vitest";
import { createModelSearcher } from "./create-model-searcher.js";
import { ensureTermsCurrent } from "./ensure-terms-current.js";
import { makeModel } from "./test-utils/make-model.js";
import { openTestDb } from "./test-utils/open-test-db.js";
import { useTempDir } from "./test-utils/temp-dir.js";

const tempDir = useTempDir();

describe("ensureTermsCurrent", () => {
  it("rebuilds the index written under other Unicode data, and only then", async () => {
    const { db, path, write } = openTestDb(await tempDir());
    write([makeModel({ id: "a", name: "Llama-3.1" })]);
    expect(ensureTermsCurrent(db)).toBe(false);

    db.exec("UPDATE index_meta SET value = '1.1' WHERE key = 'terms_unicode'");
    db.exec("INSERT INTO models_fts(models_fts) VALUES ('delete-all')"); // stands for stale terms
    expect(ensureTermsCurrent(db)).toBe(true);
    expect(createModelSearcher(db, path)({ query: "llama-3.1" }).total).toBe(1);
    expect(db.prepare("SELECT value FROM index_meta").pluck().get()).toBe(process.versions.unicode);
    expect(ensureTermsCurrent(db)).toBe(false);
  });
});
