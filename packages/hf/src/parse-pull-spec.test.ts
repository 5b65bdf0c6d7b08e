import { describe, expect, it } from "vitest";
import { parsePullSpec } from "./parse-pull-spec.js";

describe("parsePullSpec", () => {
  it("reads repo, variant and file forms", () => {
    expect(parsePullSpec("org/repo")).toEqual({ repo: "org/repo" });
    expect(parsePullSpec("bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M")).toEqual({
      repo: "bartowski/Llama-3.2-1B-Instruct-GGUF",
      variant: "Q4_K_M",
    });
    expect(parsePullSpec("org/repo/sub/dir/model.Q8_0.gguf")).toEqual({
      repo: "org/repo",
      file: "sub/dir/model.Q8_0.gguf",
    });
    expect(parsePullSpec("hf.co/org/repo:IQ2_XS")).toEqual({ repo: "org/repo", variant: "IQ2_XS" });
    expect(parsePullSpec("https://huggingface.co/org/repo/resolve/main/a%20b.gguf")).toEqual({
      repo: "org/repo",
      file: "a b.gguf",
      revision: "main",
    });
    expect(parsePullSpec("https://huggingface.co/org/repo/")).toEqual({ repo: "org/repo" });
  });

  it("refuses what is not a spec, naming it", () => {
    for (const spec of [
      "repo",
      "org/",
      "/repo",
      "org/re po",
      "org/repo/../x",
      "org/repo//x",
      "org/..",
      "org/repo:",
    ]) {
      expect(() => parsePullSpec(spec)).toThrow(
        expect.objectContaining({ code: "BAD_SPEC", message: expect.stringContaining(JSON.stringify(spec)) }),
      );
    }
  });
});
