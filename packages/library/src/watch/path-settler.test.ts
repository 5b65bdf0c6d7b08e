import { appendFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDir } from "../test-utils/library-fixtures.js";
import { PathSettler } from "./path-settler.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir("mlib-settle-"));
});
afterEach(() => cleanup());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A settler whose batches are recorded, and a promise for the nth batch. */
function recording(stabilityMs: number, batchMs: number) {
  const batches: string[][] = [];
  const waiters: Array<() => void> = [];
  const settler = new PathSettler({
    stabilityMs,
    batchMs,
    onBatch: async (paths) => {
      batches.push([...paths].sort());
      for (const wake of waiters.splice(0)) wake();
    },
  });
  const batchCount = async (n: number) => {
    while (batches.length < n) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  return { settler, batches, batchCount };
}

describe("PathSettler", () => {
  it("holds back a file that keeps growing, even without events, until it stops", async () => {
    const file = join(dir, "growing.bin");
    await writeFile(file, "x");
    let sizeWhenHandedOn = -1;
    const settler = new PathSettler({
      stabilityMs: 300,
      batchMs: 1000,
      onBatch: async () => {
        sizeWhenHandedOn = (await stat(file)).size;
      },
    });
    settler.touch(file);
    for (let i = 0; i < 15; i++) {
      await sleep(60);
      await appendFile(file, Buffer.alloc(1000));
    }
    const finalSize = (await stat(file)).size;
    while (sizeWhenHandedOn < 0) await sleep(50);
    expect(sizeWhenHandedOn).toBe(finalSize);
    await settler.close();
  });

  it("hands many paths on as one batch, and a path gone by then too", async () => {
    const { settler, batches, batchCount } = recording(200, 1000);
    const paths = Array.from({ length: 300 }, (_, i) => join(dir, `f${String(i).padStart(3, "0")}`));
    await Promise.all(paths.map((p) => writeFile(p, "x")));
    for (const p of paths) settler.touch(p);
    settler.touch(join(dir, "deleted"));
    await batchCount(1);
    expect(batches).toEqual([[join(dir, "deleted"), ...paths]]);
    expect(settler.pendingCount).toBe(0);
    await settler.close();
  });

  it("lets settled paths wait for paths still being written, but no longer than batchMs", async () => {
    const a = join(dir, "a");
    const b = join(dir, "b");
    const waiting = recording(200, 5000);
    waiting.settler.touch(a);
    for (let i = 0; i < 8; i++) {
      waiting.settler.touch(b);
      await sleep(100);
    }
    await waiting.batchCount(1);
    expect(waiting.batches).toEqual([[a, b]]);
    await waiting.settler.close();

    const hurried = recording(200, 200);
    hurried.settler.touch(a);
    for (let i = 0; i < 8; i++) {
      hurried.settler.touch(b);
      await sleep(100);
    }
    await hurried.batchCount(2);
    expect(hurried.batches).toEqual([[a], [b]]);
    await hurried.settler.close();
  });

  it("close drops what is pending and waits for the batch in progress", async () => {
    let finished = false;
    const settler = new PathSettler({
      stabilityMs: 50,
      batchMs: 50,
      onBatch: async () => {
        await sleep(300);
        finished = true;
      },
    });
    settler.touch(join(dir, "first"));
    while (settler.pendingCount > 0) await sleep(10);
    await sleep(30); // the batch is running
    settler.touch(join(dir, "dropped"));
    await settler.close();
    expect(finished).toBe(true);
    expect(settler.pendingCount).toBe(0);
    settler.touch(join(dir, "after-close"));
    expect(settler.pendingCount).toBe(0);
  });
});
