import { describe, expect, it } from "vitest";
import { compareQuantizations } from "./compare-quantizations.js";

describe("compareQuantizations", () => {
  it("orders labels by bits per weight, then by name", () => {
    const labels = ["F16", "Q8_0", "Q4_K_M", "BF16", "IQ4_XS", "Q2_K", "F32", "MXFP4"];
    expect([...labels].sort(compareQuantizations)).toEqual([
      "Q2_K",
      "IQ4_XS",
      "MXFP4",
      "Q4_K_M",
      "Q8_0",
      "BF16",
      "F16",
      "F32",
    ]);
  });
});
