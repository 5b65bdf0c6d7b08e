import { describe, expect, it } from "vitest";
import { splitPath } from "./split-path.js";

describe("splitPath", () => {
  it.each([
    ["model.gguf", "", "model.gguf"],
    ["a/b/model.gguf", "a/b", "model.gguf"],
    ["/model.gguf", "/", "model.gguf"],
    ["C:\\Users\\me\\model.gguf", "C:/Users/me", "model.gguf"],
    ["\\\\server\\share\\m.gguf", "//server/share", "m.gguf"],
    ["mixed/dir\\m.gguf", "mixed/dir", "m.gguf"],
  ])("%s → folder %s, name %s", (input, folder, name) => {
    expect(splitPath(input)).toEqual({ path: input.replaceAll("\\", "/"), folder, name });
  });
});
