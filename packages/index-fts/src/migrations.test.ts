import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { MIGRATIONS } from "./migrations.js";
import { modelFacets } from "./model-facets.js";
import { openModelIndex } from "./open-model-index.js";
import { runMigrations } from "./run-migrations.js";
import { makeModel } from "./test-utils/make-model.js";
import { useTempDir } from "./test-utils/temp-dir.js";
import { validateModel } from "./validate-model.js";

const tempDir = useTempDir();

describe("MIGRATIONS", () => {
  it("takes a version 1 index to word n-grams with its models searchable", async () => {
    const path = join(await tempDir(), "library.db");
    const v1 = new Database(path);
    runMigrations(v1, MIGRATIONS.slice(0, 1), path);
    // A model as version 1 wrote it: the row, indexed by the version 1 triggers.
    const m = validateModel(
      makeModel({ id: "a", name: "Llama-3.1-8B-Instruct-Q4_K_M", quantization: "Q4_K_M", tags: ["chat"] }),
      path,
    );
    v1.prepare(
      `INSERT INTO models (id, name, type, format, quantization, size, tags, source, path, added_at, updated_at, added_ms, facets)
       VALUES (@id, @name, @type, @format, @quantization, @size, @tags, @source, @path, @addedAt, @updatedAt, 0, @facets)`,
    ).run({ ...m, tags: JSON.stringify(m.tags), facets: modelFacets(m) });
    v1.prepare(
      "INSERT INTO models (id, name, type, format, size, tags, source, path, added_at, updated_at, added_ms, facets) VALUES ('b', 'Other', 'vae', 'gguf', 1, '[]', 'import', 'p', 't', 't', 0, ' ')",
    ).run();
    v1.close();

    const index = openModelIndex(path);
    const ids = (query: string) => index.search({ query, sort: "name" }).items.map((x) => x.id);
    expect(ids("Llama-3.1")).toEqual(["a"]);
    expect(ids("ll")).toEqual(["a"]);
    expect(ids("q4_k_m chat")).toEqual(["a"]);
    expect(index.search({ quantization: "q4_k_m" }).total).toBe(1);
    expect(ids("other")).toEqual(["b"]);
    expect(index.checkIntegrity()).toEqual({ ok: true, problems: [] });
    // Updates and removals of migrated models take their old terms out.
    index.upsert(makeModel({ id: "a", name: "Renamed" }));
    expect(index.remove("b")).toBe(true);
    expect(ids("llama")).toEqual([]);
    expect(ids("other")).toEqual([]);
    expect(ids("renamed")).toEqual(["a"]);
    expect(index.checkIntegrity()).toEqual({ ok: true, problems: [] });
    index.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma("user_version", { simple: true })).toBe(2);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").pluck().get()).toBe(0);
    db.close();
  });
});
