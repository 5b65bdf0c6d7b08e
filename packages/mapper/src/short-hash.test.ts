import { describe, expect, it } from "vitest";
import { shortHash } from "./short-hash.js";

describe("shortHash", () => {
  it("is the first 8 hex digits of sha256", () => {
    // sha256("abc") = ba7816bf8f01cfea...
    expect(shortHash("abc")).toBe("ba7816bf");
    expect(shortHash("te-clip-l-hf")).toMatch(/^[0-9a-f]{8}$/);
    expect(shortHash("a")).not.toBe(shortHash("b"));
  });
});
