import { describe, expect, it } from "vitest";
import { makeModel } from "./test-utils/make-model.js";
import { toFtsRow } from "./to-fts-row.js";
import { toIndexedText } from "./to-indexed-text.js";
import { validateModel } from "./validate-model.js";

describe("toFtsRow", () => {
  it("indexes each field on its own and joins those of one column, in FTS_COLUMNS order", () => {
    const m = validateModel(
      makeModel({
        id: "a",
        name: "Llama-3.1",
        officialName: "meta/Llama",
        architecture: "llama",
        quantization: "Q4_K_M",
        repo: "org/Llama-3.1-GGUF",
        tags: ["chat"],
        notes: "works",
      }),
      "/i",
    );
    const [names, variant, details, notes, facets] = toFtsRow(m, " facets ");
    expect(names).toBe(`${toIndexedText("Llama-3.1")} ${toIndexedText("meta/Llama")}`);
    expect(variant).toBe(`${toIndexedText("llama")} ${toIndexedText("Q4_K_M")}`);
    expect(details).toBe(
      ["llm", "gguf", '["chat"]', "org/Llama-3.1-GGUF"].map((text) => toIndexedText(text)).join(" "),
    );
    expect(notes).toBe(toIndexedText("works"));
    expect(facets).toBe(" facets ");
    expect(toFtsRow(validateModel(makeModel({ id: "b" }), "/i"), "")[3]).toBeNull();
  });

  it("computes a field once for all rows sharing a memo", () => {
    const memo = new Map<string, string>();
    const m = validateModel(makeModel({ id: "a", name: "Zephyr-7B" }), "/i");
    toFtsRow(m, "", memo);
    expect(memo.get("Zephyr-7B")).toBe(toIndexedText("Zephyr-7B"));
    memo.set("Zephyr-7B", "cached");
    expect(toFtsRow(m, "", memo)[0]).toBe("cached");
  });
});
