import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { patternBytes } from "./pattern-bytes.js";
import { testHub } from "./test-utils/test-hub.js";

describe("patternBytes", () => {
  it("gives any range equal to the same slice of the whole, and differs by seed", () => {
    const whole = patternBytes(7, 0, 4096);
    expect(whole.byteLength).toBe(4096);
    expect(patternBytes(7, 5, 1031)).toEqual(whole.subarray(5, 1031));
    expect(patternBytes(7, 4095, 4096)).toEqual(whole.subarray(4095));
    expect(patternBytes(8, 0, 4096)).not.toEqual(whole);
    expect(patternBytes(7, 10, 10).byteLength).toBe(0);
    const words = new Set(new Uint32Array(whole.buffer, whole.byteOffset, 1024));
    expect(words.size).toBe(1024);
  });

  it("is what a { size, seed } fixture file serves, from any offset", async () => {
    const size = 3 * 1024 * 1024 + 3;
    const hub = await testHub({ repos: [{ id: "org/p", files: { "w.gguf": { size, seed: 42 } } }] });
    const file = hub.repo("org/p").files.get("w.gguf");
    expect(file?.sha256).toBe(
      createHash("sha256")
        .update(patternBytes(42, 0, size))
        .digest("hex"),
    );
    const res = await fetch(`${hub.url}/org/p/resolve/main/w.gguf`, { headers: { Range: "bytes=1048575-" } });
    const tail = Buffer.from(await res.arrayBuffer());
    expect(tail.equals(patternBytes(42, 1048575, size))).toBe(true);
    await expect(
      testHub({ repos: [{ id: "org/q", files: { "w.gguf": { size: 4, seed: 1, fill: 2 } } }] }),
    ).rejects.toMatchObject({ code: "INVALID_FILE", message: expect.stringContaining("seed") });
  });
});
