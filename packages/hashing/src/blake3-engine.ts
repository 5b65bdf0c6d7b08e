import { loadNativeBlake3 } from "./blake3-hasher.mjs";
import { HashingError } from "./hashing-error.js";

/** Which BLAKE3 implementation runs: the prebuilt SIMD addon, or hash-wasm's WebAssembly. */
export type Blake3Engine = "native" | "wasm";
/** "auto" reads MLIB_BLAKE3 (auto|native|wasm) and otherwise picks native when it loads. */
export type Blake3EnginePreference = Blake3Engine | "auto";

/** The environment variable that overrides the "auto" choice, e.g. MLIB_BLAKE3=wasm. */
export const BLAKE3_ENGINE_ENV = "MLIB_BLAKE3";

/**
 * Resolves a preference to the engine that will run. Throws ENGINE_UNAVAILABLE when "native" is
 * required (by argument or MLIB_BLAKE3) but no prebuilt addon loads on this platform.
 */
export function blake3Engine(preference: Blake3EnginePreference = "auto"): Blake3Engine {
  const wanted = preference === "auto" ? enginePreferenceFromEnv() : preference;
  if (wanted === "wasm") return "wasm";
  const nativeLoads = loadNativeBlake3() !== null;
  if (wanted === "native" && !nativeLoads) {
    throw new HashingError(
      "ENGINE_UNAVAILABLE",
      "native BLAKE3 was required but @napi-rs/blake-hash has no prebuilt addon that loads on this platform",
    );
  }
  return nativeLoads ? "native" : "wasm";
}

function enginePreferenceFromEnv(): Blake3EnginePreference {
  const value = process.env[BLAKE3_ENGINE_ENV]?.trim().toLowerCase() || "auto";
  if (value === "auto" || value === "native" || value === "wasm") return value;
  throw new HashingError(
    "BAD_OPTION",
    `${BLAKE3_ENGINE_ENV} must be auto, native or wasm, got ${JSON.stringify(process.env[BLAKE3_ENGINE_ENV])}`,
  );
}
