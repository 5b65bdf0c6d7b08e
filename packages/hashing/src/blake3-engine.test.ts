import { afterEach, describe, expect, it } from "vitest";
import { BLAKE3_ENGINE_ENV, blake3Engine } from "./blake3-engine.js";
import { loadNativeBlake3 } from "./blake3-hasher.mjs";

const nativeLoads = loadNativeBlake3() !== null;
const saved = process.env[BLAKE3_ENGINE_ENV];

afterEach(() => {
  if (saved === undefined) delete process.env[BLAKE3_ENGINE_ENV];
  else process.env[BLAKE3_ENGINE_ENV] = saved;
});

describe("blake3Engine", () => {
  it("picks native when it loads, else wasm", () => {
    delete process.env[BLAKE3_ENGINE_ENV];
    expect(blake3Engine()).toBe(nativeLoads ? "native" : "wasm");
    expect(blake3Engine("auto")).toBe(nativeLoads ? "native" : "wasm");
  });

  it("honours an explicit wasm preference", () => {
    expect(blake3Engine("wasm")).toBe("wasm");
  });

  it("lets MLIB_BLAKE3=wasm force the fallback for auto, but not override an explicit choice", () => {
    process.env[BLAKE3_ENGINE_ENV] = "WASM";
    expect(blake3Engine()).toBe("wasm");
    if (nativeLoads) expect(blake3Engine("native")).toBe("native");
  });

  it("rejects an unknown MLIB_BLAKE3 value with BAD_OPTION", () => {
    process.env[BLAKE3_ENGINE_ENV] = "fast";
    expect(() => blake3Engine()).toThrow(expect.objectContaining({ code: "BAD_OPTION" }));
    expect(() => blake3Engine()).toThrow(/MLIB_BLAKE3 must be auto, native or wasm, got "fast"/);
  });

  it.skipIf(nativeLoads)("throws ENGINE_UNAVAILABLE when native is required but absent", () => {
    expect(() => blake3Engine("native")).toThrow(expect.objectContaining({ code: "ENGINE_UNAVAILABLE" }));
  });
});
