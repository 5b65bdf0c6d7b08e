// Worker thread of the dual hasher: BLAKE3 over the slabs the main thread posts, in order, each
// handed back once hashed so the main thread can refill it. Plain JS: workers cannot load .ts.
import { parentPort, workerData } from "node:worker_threads";
import { createBlake3Hasher } from "./blake3-hasher.mjs";

/** @typedef {{ type: "chunk"; slot: number; slab: SharedArrayBuffer; length: number } | { type: "digest" }} Request */

const port = parentPort;
if (!port) throw new Error("blake3-worker.mjs must run in a worker thread");
const hasher = await createBlake3Hasher(/** @type {{ engine: "native" | "wasm" }} */ (workerData).engine);

port.on("message", (/** @type {Request} */ request) => {
  if (request.type === "chunk") {
    hasher.update(new Uint8Array(request.slab, 0, request.length));
    port.postMessage({ type: "free", slot: request.slot });
  } else {
    port.postMessage({ type: "digest", hex: hasher.digestHex() });
  }
});
