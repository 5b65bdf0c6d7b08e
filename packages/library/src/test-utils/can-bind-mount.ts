import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Whether this process may bind-mount (root on Linux, usually): tests of link refusals need it. */
export async function canBindMount(): Promise<boolean> {
  const probe = await mkdtemp(join(tmpdir(), "mlib-bind-probe-"));
  try {
    execFileSync("mount", ["--bind", probe, probe], { stdio: "ignore" });
    execFileSync("umount", [probe], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  } finally {
    await rm(probe, { recursive: true, force: true });
  }
}
