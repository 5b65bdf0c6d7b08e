import { describe, expect, it } from "vitest";
import { KeyedLock } from "./keyed-lock.js";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("KeyedLock", () => {
  it("lets different keys run at the same time", async () => {
    const lock = new KeyedLock();
    const gate = deferred();
    const a = lock.run("a", () => gate.promise.then(() => "a"));
    // "b" finishes while "a" is still held: it never waited for "a".
    await expect(lock.run("b", () => "b")).resolves.toBe("b");
    expect(lock.isLocked("a")).toBe(true);
    expect(lock.isLocked("b")).toBe(false);
    gate.resolve();
    await expect(a).resolves.toBe("a");
  });

  it("runs the same key one at a time, in call order", async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const runs = [0, 1, 2, 3, 4].map((i) =>
      lock.run("k", async () => {
        log.push(`start ${i}`);
        await tick();
        log.push(`end ${i}`);
        return i;
      }),
    );
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4]);
    expect(log).toEqual([0, 1, 2, 3, 4].flatMap((i) => [`start ${i}`, `end ${i}`]));
  });

  it("releases the lock when fn throws or rejects", async () => {
    const lock = new KeyedLock();
    await expect(
      lock.run("k", () => {
        throw new Error("sync failure");
      }),
    ).rejects.toThrow("sync failure");
    await expect(lock.run("k", () => Promise.reject(new Error("async failure")))).rejects.toThrow(
      "async failure",
    );
    expect(lock.isLocked("k")).toBe(false);
    expect(lock.size).toBe(0);
    await expect(lock.run("k", () => "after")).resolves.toBe("after");
  });

  it("keeps a key's entry while someone waits, and drops it after the last one", async () => {
    const lock = new KeyedLock();
    const gate = deferred();
    const first = lock.run("k", () => gate.promise);
    const second = lock.run("k", () => "second");
    expect(lock.size).toBe(1);
    gate.resolve();
    await first;
    expect(lock.isLocked("k")).toBe(true);
    await second;
    expect(lock.size).toBe(0);
  });

  it("does not grow with the number of keys it has seen", async () => {
    const lock = new KeyedLock<number>();
    const runs = Array.from({ length: 10_000 }, (_, i) => lock.run(i, async () => i));
    expect(lock.size).toBe(10_000);
    const results = await Promise.all(runs);
    expect(results[9_999]).toBe(9_999);
    expect(lock.size).toBe(0);
  });

  it("tryRun runs when the key is free and refuses without waiting when it is held", async () => {
    const lock = new KeyedLock();
    const gate = deferred();
    const held = lock.run("k", () => gate.promise);
    let ran = false;
    await expect(
      lock.tryRun("k", () => {
        ran = true;
      }),
    ).resolves.toEqual({ acquired: false });
    expect(ran).toBe(false);
    await expect(lock.tryRun("other", () => 7)).resolves.toEqual({ acquired: true, value: 7 });
    gate.resolve();
    await held;
    await expect(lock.tryRun("k", () => "now")).resolves.toEqual({ acquired: true, value: "now" });
  });

  it("holds the key as soon as tryRun is called, so a second tryRun in the same tick is refused", async () => {
    const lock = new KeyedLock();
    const first = lock.tryRun("k", () => tick().then(() => 1));
    const second = lock.tryRun("k", () => 2);
    expect(await Promise.all([first, second])).toEqual([{ acquired: true, value: 1 }, { acquired: false }]);
  });
});
