import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readFile, stat, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { tempDir } from "../test-utils/library-fixtures.js";
import { type TranspiledLibrary, transpileLibrary } from "../test-utils/transpile-library.js";
import { LibraryError } from "./library-error.js";
import { acquireLibraryLock } from "./library-lock.js";

let dir: string;
let cleanup: () => Promise<void>;
let lockPath: string;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  lockPath = join(dir, "lock");
});
afterEach(() => cleanup());

/** A pid that certainly belongs to no process: one that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""]);
  await once(child, "exit");
  return child.pid as number;
}

describe("acquireLibraryLock", () => {
  it("creates the lock file naming this process and removes it on release", async () => {
    const lock = await acquireLibraryLock(lockPath);
    const content = JSON.parse(await readFile(lockPath, "utf8"));
    expect(content).toMatchObject({ pid: process.pid, hostname: hostname() });
    await lock.release();
    await expect(stat(lockPath)).rejects.toMatchObject({ code: "ENOENT" });
    await lock.release(); // twice is harmless
  });

  it("waits for a live holder, then fails with LIBRARY_LOCKED naming it", async () => {
    const held = await acquireLibraryLock(lockPath);
    const error = await acquireLibraryLock(lockPath, { timeoutMs: 100 }).catch((e) => e);
    expect(error).toBeInstanceOf(LibraryError);
    expect(error.code).toBe("LIBRARY_LOCKED");
    expect(error.holder).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(error.message).toContain(`pid ${process.pid}`);
    await held.release();
  });

  it("gets the lock as soon as the holder releases it", async () => {
    const held = await acquireLibraryLock(lockPath);
    const waiting = acquireLibraryLock(lockPath, { timeoutMs: 5000 });
    setTimeout(() => void held.release(), 50);
    const lock = await waiting;
    expect(JSON.parse(await readFile(lockPath, "utf8")).pid).toBe(process.pid);
    await lock.release();
  });

  it("breaks a lock left by a dead process on this host", async () => {
    const pid = await deadPid();
    await writeFile(lockPath, JSON.stringify({ pid, hostname: hostname(), since: "x", token: "old" }));
    const lock = await acquireLibraryLock(lockPath, { timeoutMs: 100 });
    expect(JSON.parse(await readFile(lockPath, "utf8")).token).not.toBe("old");
    await lock.release();
  });

  it("never breaks a lock held on another host", async () => {
    const pid = await deadPid();
    await writeFile(lockPath, JSON.stringify({ pid, hostname: "elsewhere", since: "x", token: "t" }));
    await expect(acquireLibraryLock(lockPath, { timeoutMs: 50 })).rejects.toMatchObject({
      code: "LIBRARY_LOCKED",
    });
  });

  it("breaks an unreadable lock file only once it is old", async () => {
    await writeFile(lockPath, "");
    await expect(acquireLibraryLock(lockPath, { timeoutMs: 50 })).rejects.toMatchObject({
      code: "LIBRARY_LOCKED",
    });
    const old = new Date(Date.now() - 60_000);
    await utimes(lockPath, old, old);
    const lock = await acquireLibraryLock(lockPath, { timeoutMs: 50 });
    await lock.release();
  });

  it("does not release a lock that was broken and taken by someone else", async () => {
    const lock = await acquireLibraryLock(lockPath);
    await writeFile(
      lockPath,
      JSON.stringify({ pid: process.pid, hostname: hostname(), since: "x", token: "other" }),
    );
    await lock.release();
    expect(JSON.parse(await readFile(lockPath, "utf8")).token).toBe("other");
  });
});

describe("acquireLibraryLock across processes", () => {
  let transpiled: TranspiledLibrary;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    transpiled = await transpileLibrary();
  });
  afterAll(() => transpiled.cleanup());
  afterEach(() => {
    child?.kill("SIGKILL");
  });

  const holdInChild = async (): Promise<ChildProcess> => {
    const script = join(dirname(fileURLToPath(import.meta.url)), "..", "test-utils", "lock-holder-child.mjs");
    const proc = spawn(process.execPath, [script, transpiled.moduleUrl("store/library-lock.js"), lockPath], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    await new Promise<void>((resolve, reject) => {
      proc.stdout?.on("data", (chunk: Buffer) => chunk.toString().includes("locked") && resolve());
      proc.on("exit", (code) => reject(new Error(`lock holder exited with ${code}`)));
    });
    return proc;
  };

  it("a second process waits for the holder and gets the lock when it lets go", async () => {
    child = await holdInChild();
    const error = await acquireLibraryLock(lockPath, { timeoutMs: 100 }).catch((e) => e);
    expect(error).toMatchObject({ code: "LIBRARY_LOCKED", holder: { pid: child.pid } });
    const waiting = acquireLibraryLock(lockPath, { timeoutMs: 10_000 });
    child.stdin?.end();
    const lock = await waiting;
    expect(JSON.parse(await readFile(lockPath, "utf8")).pid).toBe(process.pid);
    await lock.release();
  });

  it("the lock of a killed holder is broken", async () => {
    child = await holdInChild();
    child.kill("SIGKILL");
    await once(child, "exit");
    const lock = await acquireLibraryLock(lockPath, { timeoutMs: 2000 });
    expect(JSON.parse(await readFile(lockPath, "utf8")).pid).toBe(process.pid);
    await lock.release();
  });
});
