import { describe, expect, it } from "vitest";
import { tokenMatches } from "./token-matches.js";

describe("tokenMatches", () => {
  it("accepts the same token and refuses others, whatever their length", () => {
    expect(tokenMatches("s3cret-token", "s3cret-token")).toBe(true);
    expect(tokenMatches("s3cret-tokeN", "s3cret-token")).toBe(false);
    expect(tokenMatches("s3cret", "s3cret-token")).toBe(false);
    expect(tokenMatches("", "s3cret-token")).toBe(false);
    expect(tokenMatches("s3cret-token-and-more", "s3cret-token")).toBe(false);
  });
});
