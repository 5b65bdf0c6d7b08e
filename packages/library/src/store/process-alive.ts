import { hostname } from "node:os";

/**
 * Whether the process `pid` on `host` may still be running. A process on another host cannot be
 * checked, so it counts as alive: its lock or import is never broken from here.
 */
export function isProcessAlive(pid: number, host: string): boolean {
  if (host !== hostname()) return true;
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
