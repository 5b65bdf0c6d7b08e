import { parseQuantization } from "@ml/naming";
import { describe, expect, it } from "vitest";
import { ggufFileTypeToQuant } from "./gguf-file-type-to-quant.js";

describe("ggufFileTypeToQuant", () => {
  it.each([
    [0, "F32"],
    [1, "F16"],
    [2, "Q4_0"],
    [7, "Q8_0"],
    [10, "Q2_K"],
    [15, "Q4_K_M"],
    [16, "Q5_K_S"],
    [18, "Q6_K"],
    [20, "IQ2_XS"],
    [30, "IQ4_XS"],
    [32, "BF16"],
    [38, "MXFP4_MOE"],
  ])("%i → %s", (n, label) => {
    expect(ggufFileTypeToQuant(n)).toBe(label);
  });

  it.each([-1, 1.5, 99, 1002, 2 ** 40, Number.NaN])("%s is not a file type", (n) => {
    expect(ggufFileTypeToQuant(n)).toBeNull();
  });

  it("gives back every GGUF file type label unchanged, in any case", () => {
    for (let n = 0; n < 64; n++) {
      const label = ggufFileTypeToQuant(n);
      if (label === null) continue;
      expect(parseQuantization(label)).toBe(label);
      expect(parseQuantization(`some-model.${label.toLowerCase()}.gguf`)).toBe(label);
    }
  });
});
