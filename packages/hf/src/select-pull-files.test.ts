import { describe, expect, it } from "vitest";
import { groupVariants } from "./group-variants.js";
import { selectPullFiles } from "./select-pull-files.js";
import type { RepoDetails, RepoFile } from "./types.js";

function details(paths: string[]): RepoDetails {
  const files: RepoFile[] = paths.map((path) => ({ path, size: 10, lfs: true, sha256: "a".repeat(64) }));
  return {
    repo: "o/r",
    revision: "main",
    commit: "c".repeat(40),
    gated: false,
    private: false,
    files,
    variants: groupVariants(files),
  };
}

const names = (picked: ReturnType<typeof selectPullFiles>) => [
  picked.variant?.name,
  picked.files.map((f) => f.path),
];

describe("selectPullFiles", () => {
  const gguf = details(["m-Q2_K.gguf", "m-Q4_K_S.gguf", "m-Q8_0.gguf", "README.md"]);

  it("takes a named file, a variant by name or quantization, or the default quantization", () => {
    expect(names(selectPullFiles(gguf, { file: "README.md" }))).toEqual([undefined, ["README.md"]]);
    expect(names(selectPullFiles(gguf, { variant: "m-Q2_K.gguf" }))).toEqual([undefined, ["m-Q2_K.gguf"]]);
    expect(names(selectPullFiles(gguf, { variant: "q8_0" }))).toEqual(["Q8_0", ["m-Q8_0.gguf"]]);
    expect(names(selectPullFiles(gguf, {}))).toEqual(["Q4_K_S", ["m-Q4_K_S.gguf"]]);
    const st = details(["model.safetensors", "config.json", "x-Q9.gguf"]);
    expect(names(selectPullFiles(details(["model.safetensors", "config.json"]), {}))).toEqual([
      "safetensors",
      ["model.safetensors", "config.json"],
    ]);
    expect(() => selectPullFiles(st, {})).toThrow(expect.objectContaining({ code: "AMBIGUOUS_VARIANT" }));
  });

  it("explains what is missing", () => {
    expect(() => selectPullFiles(gguf, { file: "nope.gguf" })).toThrow(
      expect.objectContaining({ code: "NOT_FOUND" }),
    );
    expect(() => selectPullFiles(gguf, { variant: "Q5_K_M" })).toThrow(
      expect.objectContaining({
        code: "VARIANT_NOT_FOUND",
        message: expect.stringContaining("available: Q2_K, Q4_K_S, Q8_0"),
      }),
    );
    expect(() => selectPullFiles(details(["a/m-Q4_0.gguf", "b/m-Q4_0.gguf"]), { variant: "Q4_0" })).toThrow(
      expect.objectContaining({ code: "AMBIGUOUS_VARIANT" }),
    );
    expect(() => selectPullFiles(details(["m-Q4_0-00001-of-00002.gguf"]), {})).toThrow(
      expect.objectContaining({ code: "NOT_FOUND", message: expect.stringContaining("missing shards") }),
    );
    expect(() => selectPullFiles(details(["README.md"]), {})).toThrow(
      expect.objectContaining({ code: "VARIANT_NOT_FOUND" }),
    );
  });
});
