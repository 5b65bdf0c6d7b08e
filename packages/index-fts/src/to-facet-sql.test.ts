import { describe, expect, it } from "vitest";
import type { FacetField } from "./facet-token.js";
import { makeModel } from "./test-utils/make-model.js";
import { openTestDb } from "./test-utils/open-test-db.js";
import { useTempDir } from "./test-utils/temp-dir.js";
import { toFacetSql } from "./to-facet-sql.js";

const tempDir = useTempDir();

// Values that differ only in case, with and without ASCII, and the Kelvin sign (U+212A), the one
// non-ASCII letter whose lowercase is ASCII.
const VALUES = ["llm", "LLM", "Vlm", "Équipe", "équipe", "ÉQUIPE", "\u212Aelvin", "kelvin", "日本語", ""];

describe("toFacetSql", () => {
  it("passes exactly the rows whose facet token matches, for every field and value", async () => {
    const { db, write } = openTestDb(await tempDir());
    write(
      VALUES.map((v, i) =>
        makeModel({ id: `m${i}`, type: v, format: v, architecture: v, quantization: v, tags: [v] }),
      ),
    );
    const fields: FacetField[] = ["type", "format", "architecture", "quantization", "tag"];
    for (const field of fields) {
      for (const wanted of [...VALUES, "EQUIPE", "KELVIN"]) {
        const params: Record<string, unknown> = {};
        const sql = `SELECT id FROM models m WHERE ${toFacetSql(field, [wanted, "zzz"], params, "p")} ORDER BY rid`;
        const expected = VALUES.flatMap((v, i) =>
          v.toLowerCase() === wanted.toLowerCase() ? [`m${i}`] : [],
        );
        expect(db.prepare(sql).pluck().all(params), `${field} = ${wanted}`).toEqual(expected);
      }
    }
  });

  it("compares source case-insensitively though its column is not NOCASE", async () => {
    const { db, write } = openTestDb(await tempDir());
    write([makeModel({ id: "a", source: "download" }), makeModel({ id: "b", source: "import" })]);
    const params: Record<string, unknown> = {};
    const sql = `SELECT id FROM models m WHERE ${toFacetSql("source", ["Download"], params, "p")}`;
    expect(db.prepare(sql).pluck().all(params)).toEqual(["a"]);
  });
});
