import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveLibraryRoot } from "./resolve-library-root.js";

describe("resolveLibraryRoot", () => {
  it("prefers the explicit folder, resolved to an absolute path", () => {
    expect(resolveLibraryRoot("lib", { MLIB_HOME: "/m" })).toBe(resolve("lib"));
  });
  it("then MLIB_HOME, then XDG_DATA_HOME/mlib, then ~/.local/share/mlib", () => {
    expect(resolveLibraryRoot(undefined, { MLIB_HOME: "/m", XDG_DATA_HOME: "/x" })).toBe("/m");
    expect(resolveLibraryRoot(undefined, { XDG_DATA_HOME: "/x", HOME: "/h" })).toBe("/x/mlib");
    expect(resolveLibraryRoot(undefined, { HOME: "/h" })).toBe(join("/h", ".local", "share", "mlib"));
  });
});
