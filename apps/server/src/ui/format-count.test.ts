import { describe, expect, it } from "vitest";
import { formatCount } from "./format-count.js";

describe("formatCount", () => {
  it("names parameter counts the way model cards do", () => {
    expect(formatCount(8_030_261_248)).toBe("8.03B");
    expect(formatCount(70_553_706_496)).toBe("70.6B");
    expect(formatCount(350_000_000)).toBe("350M");
    expect(formatCount(8_192)).toBe("8.19K");
    expect(formatCount(512)).toBe("512");
  });

  it("prints nothing for an unknown count", () => {
    expect(formatCount(null)).toBe("");
    expect(formatCount(undefined)).toBe("");
    expect(formatCount(Number.NaN)).toBe("");
  });
});
