import { describe, expect, it } from "vitest";
import { MAX_LIMIT, parseSearchQuery, type SearchQuery } from "./parse-search-query.js";

describe("parseSearchQuery", () => {
  it("fills the defaults: relevance with text, else name; best, biggest, newest or A first", () => {
    expect(parseSearchQuery({ query: "llama" }, "/i")).toMatchObject({
      sort: "relevance",
      descending: true,
      limit: 50,
      offset: 0,
      minSize: null,
      maxSize: null,
    });
    expect(parseSearchQuery({ query: "!?", sort: "relevance" }, "/i")).toMatchObject({
      phrases: [],
      sort: "name",
      descending: false,
    });
    expect(parseSearchQuery({ sort: "date", limit: 5000 }, "/i")).toMatchObject({
      sort: "date",
      descending: true,
      limit: MAX_LIMIT,
    });
  });

  it("keeps one filter per field (any of its values) and one per tag (all of them)", () => {
    const parsed = parseSearchQuery(
      { type: ["llm", "vlm"], tag: ["a", "b"], source: "adopt", format: [] } as SearchQuery,
      "/i",
    );
    expect(parsed.filters).toEqual([
      { field: "type", values: ["llm", "vlm"] },
      { field: "tag", values: ["a"] },
      { field: "tag", values: ["b"] },
      { field: "source", values: ["adopt"] },
    ]);
  });

  it("fails BAD_QUERY naming the index and the option", () => {
    expect(() => parseSearchQuery({ minSize: "big" } as unknown as SearchQuery, "/i/library.db")).toThrow(
      expect.objectContaining({
        code: "BAD_QUERY",
        message: "/i/library.db: search: minSize must be a number",
      }),
    );
  });
});
