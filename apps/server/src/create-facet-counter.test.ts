import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFacetCounter } from "./create-facet-counter.js";
import { createTestLibrary, type TestLibrary } from "./test-utils/test-library.js";

describe("createFacetCounter", () => {
  let lib: TestLibrary;
  beforeAll(async () => {
    lib = await createTestLibrary();
  });
  afterAll(async () => {
    await lib.cleanup();
  });

  it("counts what a query matches, leaving out each field's own filter", () => {
    const facets = createFacetCounter(lib.library, () => 0);
    expect(facets({ query: "qwen" })).toEqual({
      type: [{ value: "llm", count: 1 }],
      format: [{ value: "gguf", count: 1 }],
      quantization: [{ value: "Q8_0", count: 1 }],
      architecture: [{ value: "qwen2", count: 1 }],
    });
    const llama = facets({ architecture: "llama" });
    expect(llama.architecture).toEqual([
      { value: "llama", count: 2 },
      { value: "qwen2", count: 1 },
    ]);
    expect(llama.quantization).toEqual([{ value: "Q4_K_M", count: 2 }]);
    expect(facets({ query: "no such words anywhere" }).type).toEqual([]);
  });

  it("reuses counts until the stamp changes", async () => {
    let stamp = 0;
    const facets = createFacetCounter(lib.library, () => stamp);
    expect(facets({}).type).toEqual(expect.arrayContaining([{ value: "llm", count: 3 }]));
    await lib.library.setOverrides(lib.ids.llama, { type: "embedding" });
    try {
      expect(facets({}).type).toEqual(expect.arrayContaining([{ value: "llm", count: 3 }]));
      stamp = 1;
      expect(facets({}).type).toEqual(expect.arrayContaining([{ value: "llm", count: 2 }]));
    } finally {
      await lib.library.setOverrides(lib.ids.llama, { type: null });
    }
  });
});
