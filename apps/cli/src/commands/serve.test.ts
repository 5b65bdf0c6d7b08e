import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../test-utils/run-cli.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlib-cli-serve-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("mlib serve", () => {
  it("prints its URL, answers, and stops cleanly on Ctrl-C", async () => {
    const stop = new AbortController();
    let url = "";
    let ready: () => void = () => {};
    const up = new Promise<void>((resolve) => {
      ready = resolve;
    });
    const running = runCli(
      ["serve", "--json", "--port", "0"],
      { MLIB_HOME: join(dir, "lib") },
      {
        stop: stop.signal,
        onStdout: (text) => {
          url = JSON.parse(text.trim().split("\n")[0] ?? "{}").url ?? "";
          ready();
        },
      },
    );
    await Promise.race([up, running]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${url}/api/v1/models`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ total: 0 });
    stop.abort();
    expect((await running).code).toBe(0);
  });

  it("refuses to listen beyond loopback without a token", async () => {
    const run = await runCli(["serve", "--host", "0.0.0.0", "--port", "0"], { MLIB_HOME: join(dir, "lib2") });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/token/i);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
  });
});
