import { describe, expect, it } from "vitest";
import { formatBytes } from "./format-bytes.js";

describe("formatBytes", () => {
  it.each([
    [0, "0 B"],
    [1, "1 B"],
    [1023, "1023 B"],
    [1024, "1.0 KiB"],
    [1536, "1.5 KiB"],
    [1024 ** 2 - 1, "1.0 MiB"],
    [20 * 1024 ** 3, "20.0 GiB"],
    [12.3 * 1024 ** 3, "12.3 GiB"],
    [1024 ** 4 * 3.25, "3.3 TiB"],
    [2 ** 60, "1.0 EiB"],
    [2 ** 70, "1024.0 EiB"],
    [-1536, "-1.5 KiB"],
    [0.4, "0 B"],
  ])("formats %d as %s", (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });

  it.each([Number.NaN, Infinity])("says the size is unknown for %d", (n) => {
    expect(formatBytes(n)).toBe("unknown size");
  });
});
