// A folder on another file system than os.tmpdir(): a fresh tmpfs mount when allowed (root),
// else /dev/shm. Hard links from the temp folder into it fail with EXDEV.
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";

export function otherFileSystem(): () => string {
  let dir = "";
  let mounted = false;
  beforeAll(async () => {
    const mountPoint = await mkdtemp(path.join(os.tmpdir(), "mlib-tmpfs-"));
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=64m", "tmpfs", mountPoint], { stdio: "ignore" });
      mounted = true;
      dir = mountPoint;
    } catch {
      await rm(mountPoint, { recursive: true, force: true });
      dir = await mkdtemp("/dev/shm/mlib-mapper-");
    }
    const [a, b] = await Promise.all([stat(os.tmpdir()), stat(dir)]);
    if (a.dev === b.dev) throw new Error(`${dir} is on the same file system as ${os.tmpdir()}`);
  });
  afterAll(async () => {
    if (mounted) {
      execFileSync("umount", [dir], { stdio: "ignore" });
      await rm(dir, { recursive: true, force: true });
    } else if (dir) {
      await rm(dir, { recursive: true, force: true });
    }
  });
  return () => dir;
}
