import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createModelSearcher, type SearchResult } from "./create-model-searcher.js";
import type { SearchQuery } from "./parse-search-query.js";
import { makeModel } from "./test-utils/make-model.js";
import { openTestDb } from "./test-utils/open-test-db.js";
import { useTempDir } from "./test-utils/temp-dir.js";

const tempDir = useTempDir();
const RUNS = Math.max(1, Math.floor(Number(process.env.MLIB_FUZZ_RUNS ?? 2000) / 10));

const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
const SYNTAX = [
  '"',
  "'",
  "*",
  "^",
  ":",
  "(",
  ")",
  "{",
  "}",
  "-",
  "+",
  " ",
  "AND",
  "OR",
  "NOT",
  "NEAR",
  "NEAR(",
  "name:",
  "{name}:",
  "llama",
  "q4_k_m",
  "3.1",
  "\u0000",
  "\uD800",
  "é",
  "\u0301",
];

let search: (q: SearchQuery) => SearchResult;
let searchLarge: (q: SearchQuery) => SearchResult;

beforeAll(async () => {
  const { db, path, write } = openTestDb(await tempDir());
  write([
    makeModel({
      id: "a",
      name: "Llama-3.1-8B-Instruct-Q4_K_M",
      tags: ["chat", 'we"ird'],
      notes: "AND OR NOT NEAR",
    }),
    makeModel({ id: "b", name: 'Name "with" quotes*', architecture: "llama" }),
    makeModel({ id: "c", name: "Réalisme (XL) ^v2", type: "diffusion" }),
  ]);
  search = createModelSearcher(db, path);
  // In-memory limit 0: every query takes the plans for large result sets.
  searchLarge = createModelSearcher(db, path, 0);
});

/** Runs `query` on both plans; each must answer, with a consistent page. */
function expectAnswers(q: SearchQuery) {
  for (const s of [search, searchLarge]) {
    const result = s(q);
    expect(result.total).toBeGreaterThanOrEqual(result.items.length);
    expect(result.total).toBeLessThanOrEqual(3);
  }
}

describe("search never throws on user text", () => {
  it("takes every printable ASCII character alone and in pairs", () => {
    for (const a of PRINTABLE) {
      expectAnswers({ query: a });
      for (const b of PRINTABLE) expectAnswers({ query: a + b });
    }
    expectAnswers({ query: PRINTABLE.join("") });
  });

  it("takes FTS5 syntax as plain text", () => {
    for (const query of [
      '"unbalanced',
      'llama"',
      '""""',
      "llama AND",
      "OR llama",
      "NOT",
      "llama NOT qwen",
      "NEAR(llama qwen, 2)",
      "NEAR(",
      "llama*",
      "*llama",
      "^llama",
      "name:llama",
      "{name}: llama",
      "-name:llama",
      "(llama OR",
      "llama + 3",
      "a:b:c",
      "\\",
      "llama\u0000qwen",
    ]) {
      expectAnswers({ query });
    }
    expect(search({ query: "NOT AND OR NEAR" }).items.map((m) => m.id)).toEqual(["a"]);
    expect(search({ query: '"with" quotes*' }).items.map((m) => m.id)).toEqual(["b"]);
  });

  it("takes a 1,000-character query and thousands of words", () => {
    expectAnswers({ query: "llama ".repeat(167).slice(0, 1000) });
    expectAnswers({ query: "x".repeat(1000) });
    expectAnswers({ query: Array.from({ length: 5000 }, (_, i) => `w${i}`).join(" ") });
    expectAnswers({ query: '"('.repeat(500) });
    expect(search({ query: "llama ".repeat(167).slice(0, 1000) }).total).toBe(2);
  });

  it("takes arbitrary strings as text and as filter values (fast-check)", () => {
    const text = fc.oneof(
      fc.string({ unit: "binary", maxLength: 200 }),
      fc.string({ unit: fc.constantFrom(...SYNTAX, ...PRINTABLE), maxLength: 40 }),
    );
    fc.assert(
      fc.property(
        text,
        fc.option(text, { nil: undefined }),
        fc.option(text, { nil: undefined }),
        (query, type, tag) => {
          expectAnswers({ query, type, tag, limit: 5 });
        },
      ),
      { numRuns: RUNS },
    );
  });
});
