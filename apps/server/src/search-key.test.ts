import { describe, expect, it } from "vitest";
import { searchKey } from "./search-key.js";

describe("searchKey", () => {
  it("is the same for the same answer and differs otherwise", () => {
    expect(searchKey({ query: "a", type: ["LLM", "vlm"] }, true)).toBe(
      searchKey({ query: "a", type: ["vlm", "llm"] }, true),
    );
    expect(searchKey({ query: "a", type: "llm" }, true)).toBe(searchKey({ query: "a", type: ["llm"] }, true));
    expect(searchKey({ query: "a" }, true)).not.toBe(searchKey({ query: "b" }, true));
    expect(searchKey({ query: "a", offset: 50 }, true)).not.toBe(searchKey({ query: "a" }, true));
    expect(searchKey({ query: "a", offset: 50, sort: "size" }, false)).toBe(searchKey({ query: "a" }, false));
    expect(searchKey({ tag: "x" }, false)).not.toBe(searchKey({ type: "x" }, false));
  });
});
