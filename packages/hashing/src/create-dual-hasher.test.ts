import { createHash } from "node:crypto";
import { createBLAKE3 } from "hash-wasm";
import { describe, expect, it } from "vitest";
import { createDualHasher, type DualHasher } from "./create-dual-hasher.js";
import { pseudoRandomBytes } from "./test-utils/pseudo-random-bytes.js";
import { BLAKE3_VECTORS, vectorInput } from "./test-utils/reference.js";

async function reference(data: Uint8Array) {
  const blake3 = await createBLAKE3();
  blake3.update(data);
  return {
    size: data.length,
    sha256: createHash("sha256").update(data).digest("hex"),
    blake3: blake3.digest("hex"),
  };
}

async function feed(hasher: DualHasher, data: Uint8Array, pieceBytes: number): Promise<void> {
  for (let offset = 0; offset < data.length; offset += pieceBytes) {
    await hasher.update(data.subarray(offset, offset + pieceBytes));
  }
}

describe.each(["auto", "wasm"] as const)("createDualHasher (blake3: %s)", (engine) => {
  it.each(BLAKE3_VECTORS)(
    "gives the official BLAKE3 vector and SHA-256 for %i bytes",
    async (length, hex) => {
      const hasher = createDualHasher({ blake3: engine });
      await feed(hasher, vectorInput(length), 1000);
      const digest = await hasher.digest();
      expect(digest.blake3).toBe(hex);
      expect(digest.sha256).toBe(createHash("sha256").update(vectorInput(length)).digest("hex"));
      expect(digest.size).toBe(length);
    },
  );

  it("matches the references through the worker, for pieces that straddle buffer boundaries", async () => {
    const data = pseudoRandomBytes(300_001, 7);
    // 4 KiB buffers x 8 cannot hold 300 kB, so the worker starts and buffers cycle many times.
    const hasher = createDualHasher({ blake3: engine, highWaterMark: 4096 });
    await feed(hasher, data, 4097);
    expect(await hasher.digest()).toEqual(await reference(data));
  });

  it("applies backpressure: update returns a Promise when the buffers are full", async () => {
    const data = pseudoRandomBytes(100_000, 3);
    const hasher = createDualHasher({ blake3: engine, highWaterMark: 1024 });
    const pending = hasher.update(data);
    expect(pending).toBeInstanceOf(Promise);
    expect(() => hasher.update(data)).toThrow(expect.objectContaining({ code: "INVALID_STATE" }));
    await pending;
    expect(hasher.update(new Uint8Array(0))).toBeUndefined();
    expect(await hasher.digest()).toEqual(await reference(data));
  });
});

describe("createDualHasher", () => {
  it("copies chunks, so the caller may reuse its buffer after update returns", async () => {
    const data = pseudoRandomBytes(50_000, 11);
    const hasher = createDualHasher({ highWaterMark: 4096 });
    const scratch = new Uint8Array(5000);
    for (let offset = 0; offset < data.length; offset += scratch.length) {
      scratch.set(data.subarray(offset, offset + scratch.length));
      await hasher.update(scratch);
      scratch.fill(0xee);
    }
    expect(await hasher.digest()).toEqual(await reference(data));
  });

  it("rejects use after digest with INVALID_STATE", async () => {
    const hasher = createDualHasher();
    hasher.update(new Uint8Array([1, 2, 3]));
    await hasher.digest();
    expect(() => hasher.update(new Uint8Array([4]))).toThrow(/already digested/);
    await expect(hasher.digest()).rejects.toMatchObject({ code: "INVALID_STATE" });
  });

  it("abort() rejects a waiting update and later calls with ABORTED", async () => {
    const hasher = createDualHasher({ highWaterMark: 1024, blake3: "wasm" });
    const pending = hasher.update(pseudoRandomBytes(1_000_000, 5));
    hasher.abort(new Error("user cancelled"));
    await expect(pending).rejects.toMatchObject({ code: "ABORTED", name: "AbortError" });
    await expect(hasher.digest()).rejects.toMatchObject({ code: "ABORTED" });
  });

  it("a fired AbortSignal aborts a digest in progress", async () => {
    const controller = new AbortController();
    const hasher = createDualHasher({ highWaterMark: 1024, blake3: "wasm", signal: controller.signal });
    await hasher.update(pseudoRandomBytes(200_000, 9));
    const digest = hasher.digest();
    controller.abort();
    await expect(digest).rejects.toMatchObject({ code: "ABORTED" });
  });

  it("refuses an already-aborted signal and a bad highWaterMark", () => {
    expect(() => createDualHasher({ signal: AbortSignal.abort() })).toThrow(
      expect.objectContaining({ code: "ABORTED" }),
    );
    expect(() => createDualHasher({ highWaterMark: 0 })).toThrow(
      expect.objectContaining({ code: "BAD_OPTION" }),
    );
    expect(() => createDualHasher({ highWaterMark: 1.5 })).toThrow(/highWaterMark must be an integer/);
  });

  it("abort after a successful digest changes nothing", async () => {
    const hasher = createDualHasher();
    hasher.update(new Uint8Array([7]));
    const digest = await hasher.digest();
    hasher.abort();
    expect(digest.size).toBe(1);
  });
});
