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

describe("parseRange (table)", () => {
  it.each([
    ["bytes=0-0", 10, { kind: "range", start: 0, end: 0 }],
    ["bytes=2-5", 10, { kind: "range", start: 2, end: 5 }],
    ["bytes=4-", 10, { kind: "range", start: 4, end: 9 }],
    ["bytes=-3", 10, { kind: "range", start: 7, end: 9 }],
    ["bytes=-30", 10, { kind: "range", start: 0, end: 9 }],
    ["bytes=5-99999999999999999999", 10, { kind: "range", start: 5, end: 9 }],
    ["BYTES = 1 - 2", 10, { kind: "range", start: 1, end: 2 }],
  ] as const)("%s of %i bytes", (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });

  it.each([
    ["bytes=10-", 10],
    ["bytes=10-20", 10],
    ["bytes=-0", 10],
    ["bytes=0-0", 0],
    ["bytes=-1", 0],
    ["bytes=3-", 0],
  ] as const)("%s of %i bytes is unsatisfiable", (header, size) => {
    expect(parseRange(header, size)).toEqual({ kind: "unsatisfiable" });
  });

  it.each([undefined, "bytes=5-2", "bytes=-", "bytes=0-1,3-4", "items=0-1", "bytes=a-b"])(
    "%s is ignored",
    (header) => {
      expect(parseRange(header, 10)).toEqual({ kind: "none" });
    },
  );
});
