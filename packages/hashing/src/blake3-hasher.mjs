// Plain JavaScript on purpose: the BLAKE3 worker thread imports this file directly, and a
// worker cannot load TypeScript (vitest only transforms the main thread). tsc checks it (checkJs).
import { createRequire } from "node:module";
import { createBLAKE3 } from "hash-wasm";

/** @typedef {"native" | "wasm"} Blake3EngineName */
/** @typedef {{ update(data: Uint8Array): void; digestHex(): string }} Blake3Hasher */
/** @typedef {new () => { update(data: Buffer): unknown; digest(format: "hex"): string }} NativeBlake3Ctor */

const require = createRequire(import.meta.url);

/** @type {NativeBlake3Ctor | null | undefined} */
let nativeCtor;

/**
 * The prebuilt BLAKE3 addon of @napi-rs/blake-hash (SIMD, several GB/s on one core), or null
 * where no prebuilt binary exists for this platform. Loaded once.
 * @returns {NativeBlake3Ctor | null}
 */
export function loadNativeBlake3() {
  if (nativeCtor === undefined) {
    try {
      nativeCtor = /** @type {NativeBlake3Ctor} */ (require("@napi-rs/blake-hash").Blake3Hasher);
    } catch {
      nativeCtor = null;
    }
  }
  return nativeCtor;
}

/**
 * An incremental BLAKE3 hasher on the given engine.
 * @param {Blake3EngineName} engine
 * @returns {Promise<Blake3Hasher>}
 */
export async function createBlake3Hasher(engine) {
  if (engine === "native") {
    const Native = loadNativeBlake3();
    if (!Native)
      throw new Error("the native BLAKE3 addon (@napi-rs/blake-hash) does not load on this platform");
    const hasher = new Native();
    return {
      // The addon wants a Buffer; this view shares the bytes (also of a SharedArrayBuffer), no copy.
      update: (data) => hasher.update(Buffer.from(data.buffer, data.byteOffset, data.byteLength)),
      digestHex: () => hasher.digest("hex"),
    };
  }
  const hasher = await createBLAKE3();
  return {
    update: (data) => {
      hasher.update(data);
    },
    digestHex: () => hasher.digest("hex"),
  };
}
