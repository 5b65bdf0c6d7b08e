import { describe, expect, it } from "vitest";
import { digestsEqual } from "./digests-equal.js";

describe("digestsEqual", () => {
  it("ignores case", () => {
    expect(digestsEqual("AbCdEf01", "abcdef01")).toBe(true);
  });

  it("is false for different digests or lengths", () => {
    expect(digestsEqual("abcdef01", "abcdef02")).toBe(false);
    expect(digestsEqual("abcdef01", "abcdef0")).toBe(false);
  });

  it("is false for empty or non-hex input, even when equal", () => {
    expect(digestsEqual("", "")).toBe(false);
    expect(digestsEqual("xyz", "xyz")).toBe(false);
    expect(digestsEqual("sha256:ab", "sha256:ab")).toBe(false);
  });
});
