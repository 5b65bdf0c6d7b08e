import { open, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PartWriter } from "./part-writer.js";
import { tempDir } from "./test-utils/temp-dir.js";

describe("PartWriter", () => {
  it("appends every chunk in order, batching those that queue up", async () => {
    const path = join(await tempDir(), "x.part");
    const handle = await open(path, "a+");
    const writer = new PartWriter(handle);
    const chunks = Array.from({ length: 600 }, (_, i) => Buffer.alloc(1000 + (i % 7), i % 256));
    for (const chunk of chunks) writer.push(chunk);
    expect(writer.queuedBytes).toBeGreaterThan(0);
    await writer.below(100_000);
    expect(writer.queuedBytes).toBeLessThanOrEqual(100_000);
    await writer.drain();
    expect(writer.queuedBytes).toBe(0);
    await handle.close();
    expect((await readFile(path)).equals(Buffer.concat(chunks))).toBe(true);
  });

  it("reports a failed write on drain and on the next push", async () => {
    const path = join(await tempDir(), "ro.part");
    const handle = await open(path, "w");
    await handle.close();
    const readOnly = await open(path, "r");
    const writer = new PartWriter(readOnly);
    writer.push(Buffer.from("x"));
    await expect(writer.drain()).rejects.toMatchObject({ code: "EBADF" });
    expect(() => writer.push(Buffer.from("y"))).toThrow();
    await readOnly.close();
  });
});
