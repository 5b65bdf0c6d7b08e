import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createChangeStamp } from "./create-change-stamp.js";
import { createQueryCache } from "./create-query-cache.js";

describe("createQueryCache", () => {
  it("reuses answers until the stamp changes, and keeps the most recent ones", () => {
    let stamp = 0;
    let computed = 0;
    const cached = createQueryCache<number>(() => stamp, 2);
    const get = (key: string) => cached(key, () => ++computed);
    expect([get("a"), get("a"), get("b")]).toEqual([1, 1, 2]);
    get("a"); // "b" is now the least recently used
    get("c");
    expect(get("a")).toBe(1);
    expect(get("b")).toBe(4);
    stamp = 1;
    expect(get("a")).toBe(5);
  });
});

describe("createChangeStamp", () => {
  it("changes on bump and when the watched files change, looking no more often than asked", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mlib-stamp-"));
    try {
      const file = join(dir, "library.db-wal");
      let t = 0;
      const stamp = createChangeStamp({ files: [file], checkMs: 100, now: () => t });
      const first = stamp.value();
      expect(stamp.value()).toBe(first);
      stamp.bump();
      expect(stamp.value()).toBe(first + 1);
      await writeFile(file, "written by another process");
      // Not looked at yet.
      expect(stamp.value()).toBe(first + 1);
      t = 100;
      expect(stamp.value()).toBe(first + 2);
      t = 200;
      expect(stamp.value()).toBe(first + 2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
