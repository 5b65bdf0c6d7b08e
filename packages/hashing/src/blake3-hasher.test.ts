import { describe, expect, it } from "vitest";
import { createBlake3Hasher, loadNativeBlake3 } from "./blake3-hasher.mjs";
import { BLAKE3_VECTORS, vectorInput } from "./test-utils/reference.js";

const nativeLoads = loadNativeBlake3() !== null;

describe.each([
  ["wasm", true],
  ["native", nativeLoads],
] as const)("createBlake3Hasher(%s)", (engine, available) => {
  it.skipIf(!available).each(BLAKE3_VECTORS)(
    "matches the official vector for %i bytes",
    async (length, hex) => {
      const hasher = await createBlake3Hasher(engine);
      const input = vectorInput(length);
      // Split unevenly so the incremental path is exercised, not just one-shot.
      const cut = Math.floor(length / 3);
      hasher.update(input.subarray(0, cut));
      hasher.update(input.subarray(cut));
      expect(hasher.digestHex()).toBe(hex);
    },
  );

  it.skipIf(!available)("hashes views of a SharedArrayBuffer (what the worker receives)", async () => {
    const shared = new Uint8Array(new SharedArrayBuffer(4096));
    shared.set(vectorInput(2049), 100);
    const hasher = await createBlake3Hasher(engine);
    hasher.update(shared.subarray(100, 100 + 2049));
    expect(hasher.digestHex()).toBe("5f4d72f40d7a5f82b15ca2b2e44b1de3c2ef86c426c95c1af0b6879522563030");
  });
});

it("loads the prebuilt native addon on linux x64 with glibc (where this package ships one)", () => {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  const glibcX64 =
    process.platform === "linux" && process.arch === "x64" && !!report?.header?.glibcVersionRuntime;
  if (glibcX64) expect(nativeLoads).toBe(true);
  else expect(typeof nativeLoads).toBe("boolean");
});
