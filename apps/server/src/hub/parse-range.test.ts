import { describe, expect, it } from "vitest";
import { parseRange } from "./parse-range.js";

describe("parseRange", () => {
  it("reads the forms clients send", () => {
    expect(parseRange("bytes=0-0", 10)).toEqual({ kind: "range", start: 0, end: 0 });
    expect(parseRange("bytes=4-", 10)).toEqual({ kind: "range", start: 4, end: 9 });
    expect(parseRange("bytes=2-100", 10)).toEqual({ kind: "range", start: 2, end: 9 });
    expect(parseRange("bytes=-3", 10)).toEqual({ kind: "range", start: 7, end: 9 });
    expect(parseRange("bytes=-30", 10)).toEqual({ kind: "range", start: 0, end: 9 });
  });

  it("ignores what it cannot serve as one range", () => {
    expect(parseRange(undefined, 10)).toEqual({ kind: "none" });
    expect(parseRange("bytes=0-1,4-5", 10)).toEqual({ kind: "none" });
    expect(parseRange("items=0-1", 10)).toEqual({ kind: "none" });
    expect(parseRange("bytes=5-2", 10)).toEqual({ kind: "none" });
    expect(parseRange("bytes=-", 10)).toEqual({ kind: "none" });
    expect(parseRange(`bytes=${"9".repeat(400)}-`, 10)).toEqual({ kind: "none" });
  });

  it("refuses ranges past the end", () => {
    expect(parseRange("bytes=10-", 10)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=0-0", 0)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=-0", 10)).toEqual({ kind: "unsatisfiable" });
  });
});
