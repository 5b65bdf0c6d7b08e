import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";

export interface KillableChild {
  /**
   * Sends the child its job (one JSON line); kills it with SIGKILL `killAfterMs` after it prints
   * "go" (never, when undefined). Resolves with the ms from "go" to `doneMarker` (undefined when
   * killed before it).
   */
  run(job: unknown, killAfterMs?: number): Promise<number | undefined>;
}

/**
 * Starts a crash-test child (`node script moduleUrl`) at once, so it loads the library while the
 * test is still checking the previous run.
 */
export function startKillableChild(
  script: string,
  moduleUrl: string,
  doneMarker: string,
  label: string,
): KillableChild {
  const child: ChildProcess = spawn(process.execPath, [script, moduleUrl], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = once(child, "exit") as Promise<[number | null, string | null]>;
  let goAt = 0;
  let took: number | undefined;
  let onGo = () => {};
  child.stdout?.on("data", (d: Buffer) => {
    const text = d.toString();
    if (goAt === 0 && text.includes("go\n")) {
      goAt = performance.now();
      onGo();
    }
    if (text.includes(doneMarker)) took = performance.now() - goAt;
  });
  return {
    async run(job, killAfterMs) {
      let timer: NodeJS.Timeout | undefined;
      onGo = () => {
        if (killAfterMs !== undefined) timer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
      };
      child.stdin?.end(`${JSON.stringify(job)}\n`);
      const [code, signal] = await exited;
      clearTimeout(timer);
      if (signal !== "SIGKILL" && code !== 0) throw new Error(`${label} child failed (${code}): ${stderr}`);
      if (goAt === 0) throw new Error(`${label} child never started: ${stderr}`);
      return took;
    },
  };
}
