import { describe, expect, it } from "vitest";
import { fixtureBytes } from "./fixture-bytes.js";

describe("fixtureBytes", () => {
  it("is deterministic per seed and differs between seeds", () => {
    expect(fixtureBytes(64, 1)).toEqual(fixtureBytes(64, 1));
    expect(fixtureBytes(64, 1)).not.toEqual(fixtureBytes(64, 2));
    expect(fixtureBytes(10, 3)).toHaveLength(10);
  });
  it("is not a constant fill", () => {
    expect(new Set(fixtureBytes(4096, 7)).size).toBeGreaterThan(200);
  });
});
