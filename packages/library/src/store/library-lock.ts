// The cross-process writer lock: `.mlib/lock`, created with O_EXCL, holding who took it. The
// CLI and the server share a library through it; readers never take it (SQLite handles them).
import { randomBytes } from "node:crypto";
import { link, open, readFile, rename, stat, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { LibraryError, type LockHolder } from "./library-error.js";
import { isProcessAlive } from "./process-alive.js";

export interface LibraryLock {
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): Promise<void>;
}

export interface AcquireLockOptions {
  /** How long to wait for a live holder before LIBRARY_LOCKED. Default 10 s. */
  timeoutMs?: number;
}

interface LockContent extends LockHolder {
  token: string;
}

/** A lock file nobody could parse (its writer died between create and write) is stale after this. */
const UNREADABLE_STALE_MS = 5_000;

/**
 * Takes the exclusive lock at `lockPath`, waiting up to `timeoutMs` for a live holder. A lock left
 * by a dead process on this host is broken. Throws LibraryError LIBRARY_LOCKED naming the holder.
 */
export async function acquireLibraryLock(
  lockPath: string,
  options: AcquireLockOptions = {},
): Promise<LibraryLock> {
  const { timeoutMs = 10_000 } = options;
  const deadline = Date.now() + timeoutMs;
  const content: LockContent = {
    pid: process.pid,
    hostname: hostname(),
    since: new Date().toISOString(),
    token: randomBytes(8).toString("hex"),
  };
  const text = `${JSON.stringify(content)}\n`;
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    if (await tryCreate(lockPath, text)) return ownLock(lockPath, content.token);
    const seen = await readLock(lockPath);
    if (seen === undefined) continue; // released between our create and read
    if (await isStale(lockPath, seen.holder)) {
      await breakLock(lockPath, seen.raw);
      continue;
    }
    if (Date.now() >= deadline) {
      const who = seen.holder
        ? `pid ${seen.holder.pid} on ${seen.holder.hostname} since ${seen.holder.since}`
        : "an unknown process";
      throw new LibraryError("LIBRARY_LOCKED", `library is locked by ${who} (${lockPath})`, {
        path: lockPath,
        ...(seen.holder ? { holder: seen.holder } : {}),
      });
    }
    await sleep(delay);
  }
}

async function tryCreate(lockPath: string, text: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(lockPath, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
  return true;
}

async function readLock(lockPath: string): Promise<{ raw: string; holder: LockContent | null } | undefined> {
  let raw: string;
  try {
    raw = await readFile(lockPath, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  return { raw, holder: parseLock(raw) };
}

function parseLock(raw: string): LockContent | null {
  try {
    const value = JSON.parse(raw) as Partial<LockContent>;
    if (
      typeof value.pid === "number" &&
      typeof value.hostname === "string" &&
      typeof value.token === "string"
    ) {
      return { pid: value.pid, hostname: value.hostname, since: String(value.since), token: value.token };
    }
  } catch {}
  return null;
}

async function isStale(lockPath: string, holder: LockContent | null): Promise<boolean> {
  if (holder) return !isProcessAlive(holder.pid, holder.hostname);
  const info = await stat(lockPath).catch(() => null);
  return info !== null && Date.now() - info.mtimeMs > UNREADABLE_STALE_MS;
}

/**
 * Removes a stale lock without removing a fresh one that replaced it meanwhile: the lock is
 * renamed aside (atomic), and if what was taken is not the stale content it is linked back.
 */
async function breakLock(lockPath: string, staleRaw: string): Promise<void> {
  const aside = `${lockPath}.stale-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    await rename(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const taken = await readFile(aside, "utf8").catch(() => staleRaw);
  if (taken !== staleRaw) await link(aside, lockPath).catch(() => {});
  await unlink(aside).catch(() => {});
}

function ownLock(lockPath: string, token: string): LibraryLock {
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      const seen = await readLock(lockPath);
      if (seen?.holder?.token === token) await unlink(lockPath).catch(() => {});
    },
  };
}
