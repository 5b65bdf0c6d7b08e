import { describe, expect, it } from "vitest";
import { formatList } from "./format-list.js";

describe("formatList", () => {
  it.each([
    [[], undefined, ""],
    [[2], undefined, "2"],
    [[2, 4], undefined, "2 and 4"],
    [[2, 4, 5], undefined, "2, 4 and 5"],
    [[1, 2, 3, 4, 5, 6], undefined, "1, 2, 3, 4, 5 and 6"],
    [[1, 2, 3, 4, 5, 6, 7], undefined, "1, 2, 3 and 4 more"],
    [[2, 4, 5], 43, "2, 4, 5 and 40 more"],
    [["a.gguf", "b.gguf"], undefined, "a.gguf and b.gguf"],
  ])("%j (count %s) → %s", (items, count, expected) => {
    expect(formatList(items, count)).toBe(expected);
  });
});
