import { type ChildProcess, spawn } from "node:child_process";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { hashFile } from "@ml/hashing";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuiltDist, pullChild } from "./test-utils/built-dist.js";
import { tempDir } from "./test-utils/temp-dir.js";
import { bytesServed, testHub } from "./test-utils/test-hub.js";
import type { PullResult } from "./types.js";

const MiB = 1024 * 1024;
const SIZE = 256 * MiB;
const KILLS = 20;

beforeAll(() => ensureBuiltDist(), 120_000);

function run(
  endpoint: string,
  dest: string,
): { child: ChildProcess; exited: Promise<{ code: number | null; out: string }> } {
  const child = spawn(process.execPath, [pullChild, endpoint, "org/big/big.gguf", dest], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (chunk) => (out += chunk));
  child.stderr?.on("data", (chunk) => (out += chunk));
  const exited = new Promise<{ code: number | null; out: string }>((resolve) =>
    child.on("exit", (code) => resolve({ code, out })),
  );
  return { child, exited };
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

describe("pull killed with SIGKILL and run again", () => {
  it(`completes verified after ${KILLS} kills at random offsets, re-downloading < 1% extra`, async () => {
    // The pattern makes a misplaced resume change the hash. Each run's download is held by the hub
    // at its kill offset and the child is killed as its part comes within a random 0-64 KiB of it,
    // so it dies while bytes still flow (throttled) but the bytes in flight at a kill are bounded:
    // without the hold, what the kernel buffers between kill() and the socket closing (a few ms of
    // data) would be counted as re-downloaded though no client could have kept it.
    const hub = await testHub({
      repos: [{ id: "org/big", files: { "big.gguf": { size: SIZE, seed: 11 } } }],
      throttle: 64 * MiB,
    });
    const dest = await tempDir();
    const part = join(dest, "big.gguf.part");
    const offsets = Array.from({ length: KILLS }, () =>
      Math.floor(SIZE * (0.02 + 0.96 * Math.random())),
    ).sort((a, b) => a - b);
    const killedAt: number[] = [];
    for (const offset of offsets) {
      const current = await sizeOf(part);
      const target = Math.max(offset, current + 128 * 1024);
      hub.stall({ path: "big.gguf", afterBytes: target - current });
      const killAt = target - Math.floor(Math.random() * 64 * 1024);
      const { child, exited } = run(hub.url, dest);
      let done = false;
      const watch = (async () => {
        while (!done && (await sizeOf(part)) < killAt) await new Promise((resolve) => setTimeout(resolve, 1));
        if (!done) child.kill("SIGKILL");
      })();
      const { code, out } = await exited;
      done = true;
      await watch;
      expect(code, `run ended by itself: ${out}`).toBeNull();
      killedAt.push(await sizeOf(part));
    }
    expect(
      killedAt.every((at, i) => at > 0 && at < SIZE && (i === 0 || at >= (killedAt[i - 1] as number))),
    ).toBe(true);

    const { code, out } = await run(hub.url, dest).exited;
    expect(code, out).toBe(0);
    const result = JSON.parse(out) as PullResult;
    const expected = hub.repo("org/big").files.get("big.gguf")?.sha256;
    expect(result.files[0]?.sha256).toBe(expected);
    expect((await hashFile(join(dest, "big.gguf"))).sha256).toBe(expected);
    const extra = bytesServed(hub, "big.gguf") - SIZE;
    console.log(
      `kill/resume: ${KILLS} kills, ${extra} bytes re-downloaded (${((extra / SIZE) * 100).toFixed(3)}% of ${SIZE})`,
    );
    expect(extra).toBeGreaterThanOrEqual(0);
    expect(extra / SIZE).toBeLessThan(0.01);
  }, 300_000);
});
