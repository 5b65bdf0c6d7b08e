import { describe, expect, it } from "vitest";
import { createModelSearcher } from "./create-model-searcher.js";
import { facetToken } from "./facet-token.js";
import type { IndexedModel } from "./indexed-model.js";
import type { SearchQuery } from "./parse-search-query.js";
import { makeModel } from "./test-utils/make-model.js";
import { openTestDb } from "./test-utils/open-test-db.js";
import { useTempDir } from "./test-utils/temp-dir.js";

const tempDir = useTempDir();

/** A searcher over `docs`; a small `inMemoryLimit` forces the plans meant for large result sets. */
async function searcherOver(docs: IndexedModel[], inMemoryLimit?: number) {
  const { db, path, write } = openTestDb(await tempDir());
  write(docs);
  const search = createModelSearcher(db, path, inMemoryLimit);
  return {
    search,
    ids: (q: SearchQuery) => search(q).items.map((m) => m.id),
  };
}

const filler = Array.from({ length: 20 }, (_, i) => makeModel({ id: `filler-${i}`, name: `Filler ${i}` }));

const CATALOGUE = [
  makeModel({
    id: "l31-q4km",
    name: "Llama-3.1-8B-Instruct-Q4_K_M",
    architecture: "llama",
    quantization: "Q4_K_M",
    tags: ["chat", "instruct"],
    size: 4_900,
    addedAt: "2025-03-01T00:00:00Z",
  }),
  makeModel({
    id: "l31-q4ks",
    name: "Llama-3.1-8B-Instruct-Q4_K_S",
    architecture: "llama",
    quantization: "Q4_K_S",
    tags: ["chat"],
    size: 4_700,
    addedAt: "2025-02-01T00:00:00Z",
  }),
  makeModel({
    id: "l32-q8",
    name: "Llama-3.2-3B-Q8_0",
    architecture: "llama",
    quantization: "Q8_0",
    tags: ["Instruct"],
    size: 3_400,
    source: "download",
    addedAt: "2025-04-01T00:00:00Z",
  }),
  makeModel({
    id: "qwen",
    name: "Qwen2.5-Coder-7B",
    architecture: "qwen2",
    quantization: "Q4_K_M",
    tags: ["code"],
    size: 4_400,
    notes: "better than llama at code",
  }),
  makeModel({
    id: "realisme",
    name: "Réalisme XL",
    type: "diffusion",
    format: "safetensors",
    architecture: "sdxl",
    tags: ["photoreal"],
    size: 6_900,
    source: "adopt",
  }),
  makeModel({
    id: "vae",
    name: "sdxl-vae-fp16-fix",
    type: "vae",
    format: "safetensors",
    architecture: "sdxl",
    size: 300,
  }),
];

describe("search text", () => {
  it("ranks a name match over an architecture match over a tag match over a notes match", async () => {
    const { ids } = await searcherOver([
      ...filler,
      makeModel({ id: "notes", name: "Alpha", notes: "a zephyr breeze" }),
      makeModel({ id: "tag", name: "Beta", tags: ["zephyr"] }),
      makeModel({ id: "arch", name: "Delta", architecture: "zephyr" }),
      makeModel({ id: "name", name: "Zephyr" }),
    ]);
    expect(ids({ query: "zephyr" })).toEqual(["name", "arch", "tag", "notes"]);
    expect(ids({ query: "zephyr", order: "asc" })).toEqual(["notes", "tag", "arch", "name"]);
  });

  it("matches the last word as a prefix while typing", async () => {
    const { ids } = await searcherOver(CATALOGUE);
    expect(ids({ query: "lla", sort: "name" })).toEqual(["l31-q4km", "l31-q4ks", "l32-q8", "qwen"]);
    expect(ids({ query: "llama 3.2" })).toEqual(["l32-q8"]);
    expect(ids({ query: "qwe" })).toEqual(["qwen"]);
    expect(ids({ query: "qwe " })).toEqual([]); // a finished word is matched whole
  });

  it("finds quantizations, versions and sizes as written", async () => {
    const { ids } = await searcherOver(CATALOGUE);
    expect(ids({ query: "Q4_K_M", sort: "name" })).toEqual(["l31-q4km", "qwen"]);
    expect(ids({ query: "q4_k_s" })).toEqual(["l31-q4ks"]);
    expect(ids({ query: "q4_k", sort: "name" })).toEqual(["l31-q4km", "l31-q4ks", "qwen"]);
    expect(ids({ query: "3.1", sort: "name" })).toEqual(["l31-q4km", "l31-q4ks"]);
    expect(ids({ query: "8B instruct", sort: "name" })).toEqual(["l31-q4km", "l31-q4ks"]);
    expect(ids({ query: "Llama-3.1-8B-Instruct-Q4_K_M" })).toEqual(["l31-q4km"]);
    expect(ids({ query: "qwen2.5-coder" })).toEqual(["qwen"]);
  });

  it("matches words of several tokens as runs of tokens, not as strings", async () => {
    const { ids } = await searcherOver([
      ...CATALOGUE,
      makeModel({ id: "l2-32b", name: "Llama-2-32B-Chat", quantization: "Q4_K_M" }),
      makeModel({ id: "spaced", name: "Realisme xl 3 1" }),
    ]);
    expect(ids({ query: "llama 3", sort: "name" })).toEqual(["l31-q4km", "l31-q4ks", "l32-q8"]);
    expect(ids({ query: "Llama-3.1", sort: "name" })).toEqual(["l31-q4km", "l31-q4ks"]);
    expect(ids({ query: "llama 3.2" })).toEqual(["l32-q8"]); // 3.2 is the tokens 3, 2: not 32B
    expect(ids({ query: "llama-3.2-3B-Q8" })).toEqual(["l32-q8"]); // overlapping trigrams, last a prefix
    expect(ids({ query: "llama-3.1-8b-instruct-q4_k_m" })).toEqual(["l31-q4km"]);
    expect(ids({ query: "3.1-8B-Instruct", sort: "name" })).toEqual(["l31-q4km", "l31-q4ks"]);
    expect(ids({ query: "q4_k_m", sort: "name" })).toEqual(["l2-32b", "l31-q4km", "qwen"]);
    expect(ids({ query: "realisme-xl", sort: "name" })).toEqual(["spaced", "realisme"]); // across a space
    expect(ids({ query: "xl-3.1" })).toEqual(["spaced"]);
  });

  it("follows typing from the second letter, with or without accents", async () => {
    const { ids } = await searcherOver(CATALOGUE);
    expect(ids({ query: "ll", sort: "name" })).toEqual(["l31-q4km", "l31-q4ks", "l32-q8", "qwen"]);
    expect(ids({ query: "RÉ" })).toEqual(["realisme"]);
    expect(ids({ query: "rea" })).toEqual(["realisme"]);
    expect(ids({ query: "sdxl-va" })).toEqual(["vae"]);
    expect(ids({ query: "qwen2.5-c" })).toEqual([]); // a one-letter last token is not a prefix
    expect(ids({ query: "qwen2.5-co" })).toEqual(["qwen"]);
  });

  it("ignores diacritics and case", async () => {
    const { ids } = await searcherOver(CATALOGUE);
    expect(ids({ query: "realisme" })).toEqual(["realisme"]);
    expect(ids({ query: "RÉALISME" })).toEqual(["realisme"]);
    expect(ids({ query: "réal" })).toEqual(["realisme"]);
  });

  it("treats FTS5 syntax as words: no operators, no column filters", async () => {
    const { ids } = await searcherOver(CATALOGUE);
    expect(ids({ query: "llama OR qwen" })).toEqual([]); // three words, "or" is in no document
    expect(ids({ query: "NOT llama" })).toEqual([]);
    expect(ids({ query: "name:llama" })).toEqual([]); // the phrase "name llama"
    expect(ids({ query: '"sdxl' })).toEqual(["vae", "realisme"]);
    expect(ids({ query: "sdxl*" })).toEqual(["vae", "realisme"]);
  });

  it("never matches a filter's token with text, nor lets text fake one", async () => {
    const llmToken = facetToken("type", "llm");
    const { ids } = await searcherOver([
      ...CATALOGUE,
      makeModel({ id: "fake", type: "vae", name: `Fake ${llmToken}`, tags: [llmToken] }),
    ]);
    // The llm models hold the token in their facets only: text finds just the one whose name
    // spells it out (its mark stored as U+FFFD, a separator).
    expect(ids({ query: llmToken })).toEqual(["fake"]);
    expect(ids({ query: "t6" })).toEqual(["fake"]);
    expect(ids({ type: "llm", query: "fake" })).toEqual([]);
    expect(ids({ type: "vae", query: "fake" })).toEqual(["fake"]);
  });

  it("browses everything by name for an empty or punctuation-only query", async () => {
    const { search } = await searcherOver(CATALOGUE);
    for (const query of [undefined, "", "   ", "!?-_.", '"']) {
      const result = search({ query });
      expect(result.total).toBe(CATALOGUE.length);
      expect(result.items.map((m) => m.name)).toEqual([
        "Llama-3.1-8B-Instruct-Q4_K_M",
        "Llama-3.1-8B-Instruct-Q4_K_S",
        "Llama-3.2-3B-Q8_0",
        "Qwen2.5-Coder-7B",
        "Réalisme XL",
        "sdxl-vae-fp16-fix",
      ]);
    }
  });
});

describe("search filters", () => {
  it("combines filters with text and with each other", async () => {
    const { ids, search } = await searcherOver(CATALOGUE);
    expect(ids({ query: "llama", quantization: "q4_k_m" })).toEqual(["l31-q4km", "qwen"]); // name, then notes
    expect(ids({ query: "llama", quantization: ["Q4_K_M", "Q8_0"], sort: "name" })).toEqual([
      "l31-q4km",
      "l32-q8",
      "qwen",
    ]);
    expect(ids({ type: ["vae", "diffusion"], sort: "size" })).toEqual(["realisme", "vae"]);
    expect(ids({ type: "LLM", architecture: "llama", tag: "chat", sort: "name" })).toEqual([
      "l31-q4km",
      "l31-q4ks",
    ]);
    expect(ids({ tag: ["chat", "instruct"] })).toEqual(["l31-q4km"]); // all tags, case-insensitive
    expect(ids({ tag: ["instruct"], sort: "name" })).toEqual(["l31-q4km", "l32-q8"]);
    expect(ids({ source: "download" })).toEqual(["l32-q8"]);
    expect(ids({ format: "safetensors", query: "sdxl", sort: "name" })).toEqual(["realisme", "vae"]);
    expect(ids({ minSize: 4_400, maxSize: 4_900, sort: "size", order: "asc" })).toEqual([
      "qwen",
      "l31-q4ks",
      "l31-q4km",
    ]);
    expect(ids({ query: "llama", minSize: 4_000, quantization: "Q4_K_S" })).toEqual(["l31-q4ks"]);
    expect(search({ query: "llama", type: "vae" })).toEqual({ total: 0, items: [] });
    expect(ids({ type: [] }).length).toBe(CATALOGUE.length); // an empty list is no filter
  });

  it("filters exactly: a value is never matched by a longer or shorter one", async () => {
    const { ids } = await searcherOver(CATALOGUE);
    expect(ids({ quantization: "Q4_K" })).toEqual([]);
    expect(ids({ architecture: "qwen" })).toEqual([]);
    expect(ids({ architecture: "qwen2" })).toEqual(["qwen"]);
  });

  it("accepts the largest filter lists", async () => {
    const { search } = await searcherOver(CATALOGUE);
    const many = Array.from({ length: 64 }, (_, i) => `v${i}`);
    const query = {
      query: "a b c d e f g h i j",
      type: many,
      format: many,
      architecture: many,
      quantization: many,
    };
    expect(search(query)).toEqual({ total: 0, items: [] });
    expect(search({ tag: many })).toEqual({ total: 0, items: [] });
    expect(search({ type: [...many.slice(1), "llm"] }).total).toBe(4);
  });

  it("rejects options it cannot use with BAD_QUERY", async () => {
    const { search } = await searcherOver(CATALOGUE);
    const bad = [
      { limit: -1 },
      { limit: 1.5 },
      { offset: Number.NaN },
      { sort: "popularity" },
      { order: "up" },
      { type: [1] },
      { tag: Array.from({ length: 65 }, (_, i) => `t${i}`) },
      { minSize: "big" },
      { source: 3 },
      { query: 42 },
    ] as unknown as SearchQuery[];
    for (const q of bad)
      expect(() => search(q), JSON.stringify(q)).toThrow(expect.objectContaining({ code: "BAD_QUERY" }));
  });
});

describe("search sorting and pages", () => {
  it("sorts by name, size and date with their default orders", async () => {
    const { ids } = await searcherOver(CATALOGUE);
    expect(ids({ sort: "size" })).toEqual(["realisme", "l31-q4km", "l31-q4ks", "qwen", "l32-q8", "vae"]);
    expect(ids({ query: "llama", sort: "date" })).toEqual(["l32-q8", "l31-q4km", "l31-q4ks", "qwen"]);
    expect(ids({ query: "llama", sort: "date", order: "asc" })).toEqual([
      "qwen",
      "l31-q4ks",
      "l31-q4km",
      "l32-q8",
    ]);
    expect(ids({ sort: "name", order: "desc" })[0]).toBe("vae");
  });

  it("counts every match whatever the page", async () => {
    const { search } = await searcherOver(CATALOGUE);
    expect(search({ query: "llama", limit: 2 })).toMatchObject({ total: 4, items: [{}, {}] });
    expect(search({ query: "llama", limit: 2, offset: 3 }).items).toHaveLength(1);
    expect(search({ query: "llama", offset: 10 })).toEqual({ total: 4, items: [] });
    expect(search({ query: "llama", limit: 0 })).toEqual({ total: 4, items: [] });
  });

  it("returns documents as they were stored", async () => {
    const { search } = await searcherOver(CATALOGUE);
    const [hit] = search({ query: "qwen" }).items;
    expect(hit).toEqual({
      ...CATALOGUE[3],
      officialName: null,
      subtype: null,
      baseModel: null,
      parameterCount: null,
      contextLength: null,
      sha256: null,
      blake3: null,
      fastHash: null,
      repo: null,
      publisher: null,
    });
  });

  it("caps a page at 1000 models", async () => {
    const docs = Array.from({ length: 1005 }, (_, i) => makeModel({ id: `m${i}` }));
    const { search } = await searcherOver(docs);
    expect(search({ limit: 5000 }).items).toHaveLength(1000);
    expect(search({}).items).toHaveLength(50);
  });

  describe("pagination over 1,000 models visits every id exactly once", async () => {
    // Many equal names, sizes and dates, so ties are everywhere; half the models are llm.
    const docs = Array.from({ length: 1000 }, (_, i) =>
      makeModel({
        id: `m${String((i * 7919) % 1000).padStart(4, "0")}`,
        name: `Model ${i % 13}`,
        type: i % 2 ? "llm" : "vae",
        size: (i % 17) * 100,
        addedAt: `2025-01-${String(1 + (i % 5)).padStart(2, "0")}T00:00:00Z`,
        tags: i % 3 ? ["shared"] : ["shared", "model"],
        notes: i % 4 ? null : "model notes",
      }),
    );
    const cases: [string, SearchQuery, number][] = [
      ["browse by name", {}, 1000],
      ["text by relevance", { query: "model" }, 1000],
      ["text by relevance, worst first", { query: "model", order: "asc" }, 1000],
      ["text by size", { query: "model", sort: "size" }, 1000],
      ["text and filter by date", { query: "mod", type: "llm", sort: "date", order: "asc" }, 500],
      ["filter by size", { tag: "shared", type: "vae", sort: "size" }, 500],
      ["filter by relevance", { query: "model", tag: "shared", minSize: 0 }, 1000],
      [
        "size range by name",
        { minSize: 500, maxSize: 1200 },
        docs.filter((d) => d.size >= 500 && d.size <= 1200).length,
      ],
      [
        "text and size range by date",
        { query: "model", minSize: 500, maxSize: 1200, sort: "date" },
        docs.filter((d) => d.size >= 500 && d.size <= 1200).length,
      ],
      [
        "text, filter and size range by relevance",
        { query: "mod", type: "llm", maxSize: 800 },
        docs.filter((d) => d.type === "llm" && d.size <= 800).length,
      ],
    ];
    // 10_000: every page computed in memory; 10: the plans for large result sets.
    for (const inMemoryLimit of [10_000, 10]) {
      it.each(cases)(`%s (in-memory limit ${inMemoryLimit})`, async (_label, query, expected) => {
        const { search } = await searcherOver(docs, inMemoryLimit);
        const seen: string[] = [];
        for (let offset = 0; ; offset += 37) {
          const page = search({ ...query, limit: 37, offset });
          expect(page.total).toBe(expected);
          if (page.items.length === 0) break;
          seen.push(...page.items.map((m) => m.id));
        }
        expect(seen).toHaveLength(expected);
        expect(new Set(seen).size).toBe(expected);
      });
    }
  });

  it("gives the same pages on every plan for sorts and size ranges, and sees new writes", async () => {
    const docs = Array.from({ length: 300 }, (_, i) =>
      makeModel({
        id: `m${String((i * 7) % 300).padStart(3, "0")}`,
        name: `${["Alpha", "beta", "Gamma"][i % 3]} ${i % 7} model`,
        type: i % 4 ? "llm" : "vae",
        size: (i % 23) * 100,
        addedAt: `2025-01-${String(1 + (i % 9)).padStart(2, "0")}T00:00:00Z`,
        tags: i % 5 ? ["x"] : ["x", "y"],
      }),
    );
    const { db, path, write } = openTestDb(await tempDir());
    write(docs);
    const plans = [createModelSearcher(db, path, 10_000), createModelSearcher(db, path, 5)];
    const queries: SearchQuery[] = [
      { query: "model", minSize: 300, maxSize: 1500, sort: "date" },
      { query: "alpha", minSize: 300, sort: "size", order: "asc" },
      { query: "mod", type: "llm", maxSize: 1500, sort: "name", order: "desc" },
      { tag: "y", minSize: 100, sort: "date" },
      { type: "vae", sort: "size" },
      { query: "model", sort: "name" },
    ];
    const allPages = (search: (typeof plans)[number], q: SearchQuery) => {
      const seen: string[] = [];
      for (let offset = 0; offset < 400; offset += 37)
        seen.push(...search({ ...q, limit: 37, offset }).items.map((m) => m.id));
      return seen;
    };
    for (const q of queries) {
      const [small, large] = plans.map((search) => allPages(search, q));
      expect(large, JSON.stringify(q)).toEqual(small);
      expect(plans[1]?.({ ...q, limit: 0 }).total).toBe(small?.length);
    }
    const sized = { query: "model", minSize: 2100, maxSize: 2200 };
    const before = plans[1]?.(sized).total ?? 0;
    write([{ ...(docs[0] as IndexedModel), size: 2150 }]);
    expect(plans[1]?.(sized).total).toBe(before + 1);
  });

  it("puts name matches first when there are too many matches to rank", async () => {
    const docs = [
      ...Array.from({ length: 30 }, (_, i) =>
        makeModel({ id: `tag-${i}`, name: `Other ${i}`, tags: ["zephyr"] }),
      ),
      makeModel({ id: "name-1", name: "Zephyr One" }),
      ...Array.from({ length: 30 }, (_, i) =>
        makeModel({ id: `notes-${i}`, name: `Else ${i}`, notes: "zephyr" }),
      ),
      makeModel({ id: "name-2", name: "Zephyr Two" }),
    ];
    const { search, ids } = await searcherOver(docs, 10);
    expect(ids({ query: "zephyr", limit: 2 })).toEqual(["name-2", "name-1"]);
    expect(search({ query: "zephyr" }).total).toBe(62);
    expect(ids({ query: "zephyr", limit: 3, offset: 1 })).toEqual(["name-1", "notes-29", "notes-28"]);
    expect(ids({ query: "zephyr", order: "asc", limit: 1, offset: 61 })).toEqual(["name-2"]);
  });
});
