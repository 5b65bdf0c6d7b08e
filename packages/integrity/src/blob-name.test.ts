import { describe, expect, it } from "vitest";
import { blobHashKind, namesEmptyContent } from "./blob-name.js";

describe("blobHashKind", () => {
  it("tells LFS sha256 names from git blob sha1 names and from anything else", () => {
    expect(blobHashKind("a".repeat(64))).toBe("sha256");
    expect(blobHashKind("0123456789abcdef0123456789abcdef01234567")).toBe("git-sha1");
    for (const name of [
      "A".repeat(64),
      "a".repeat(63),
      `${"a".repeat(64)}.incomplete`,
      "etag-from-elsewhere",
      "",
    ]) {
      expect(blobHashKind(name), name).toBeNull();
    }
  });

  it("knows the names of empty content", () => {
    expect(namesEmptyContent("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")).toBe(true);
    expect(namesEmptyContent("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391")).toBe(true);
    expect(namesEmptyContent("a".repeat(64))).toBe(false);
  });
});
