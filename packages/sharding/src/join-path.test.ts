import { describe, expect, it } from "vitest";
import { joinPath } from "./join-path.js";

describe("joinPath", () => {
  it.each([
    ["", "m.gguf", "m.gguf"],
    ["/", "m.gguf", "/m.gguf"],
    ["C:/models", "sub/m.gguf", "C:/models/sub/m.gguf"],
  ])("%s + %s → %s", (folder, rel, expected) => {
    expect(joinPath(folder, rel)).toBe(expected);
  });
});
