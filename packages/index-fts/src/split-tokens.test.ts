import { describe, expect, it } from "vitest";
import { splitTokens } from "./split-tokens.js";

describe("splitTokens", () => {
  it("keeps runs of letters, digits and combining marks, as unicode61 does", () => {
    expect(splitTokens("Llama-3.1-8B_Q4_K_M")).toEqual(["Llama", "3", "1", "8B", "Q4", "K", "M"]);
    expect(splitTokens(' "Réalisme"  XL ')).toEqual(["Réalisme", "XL"]);
    expect(splitTokens("e\u0301te\u0301 日本語")).toEqual(["e\u0301te\u0301", "日本語"]);
    expect(splitTokens("a\uE000b")).toEqual(["a", "b"]);
    expect(splitTokens(" -_. ")).toEqual([]);
  });
});
