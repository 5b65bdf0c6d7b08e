import { spawnSync } from "node:child_process";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { FixtureRepo } from "@ml-tooling/fixture-hub";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { DownloadQueue, type DownloadQueueEvent, type DownloadQueueOptions } from "./download-queue.js";
import { tempDir } from "./test-utils/temp-dir.js";
import { downloads, hubFetchFor, testHub } from "./test-utils/test-hub.js";

const MiB = 1024 * 1024;
const repos: FixtureRepo[] = [
  { id: "org/a", files: { "a-Q4_K_M.gguf": { size: 2 * MiB, seed: 1 }, "README.md": "a" } },
  { id: "org/b", files: { "b.gguf": { size: MiB, seed: 2 } } },
];

async function setup(
  hubOptions: Parameters<typeof testHub>[0] = {},
  more: Partial<DownloadQueueOptions> = {},
) {
  const hub = await testHub({ repos, ...hubOptions });
  const root = await tempDir();
  const options: DownloadQueueOptions = {
    db: join(root, "state.db"),
    dir: join(root, "downloads"),
    hub: hubFetchFor(hub),
    pull: { retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 } },
    pollMs: 20,
    ...more,
  };
  const open = () => new DownloadQueue(options);
  return { hub, root, options, open };
}

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe("DownloadQueue", () => {
  it("runs queued pulls within the concurrency limit, reporting progress, and keeps them across reopening", async () => {
    const { hub, open, options } = await setup();
    const queue = open();
    const events: DownloadQueueEvent[] = [];
    queue.subscribe((e) => events.push(e));
    const a = queue.enqueue("org/a:Q4_K_M");
    const b = queue.enqueue("org/b/b.gguf");
    expect(queue.list().map((e) => [e.id, e.state])).toEqual([
      [a.id, "queued"],
      [b.id, "queued"],
    ]);
    expect(hub.requests).toEqual([]);
    queue.start();
    expect(queue.list().map((e) => e.state)).toEqual(["running", "running"]);
    await queue.idle();
    const done = queue.list();
    expect(done.map((e) => [e.state, e.bytesDone, e.bytesTotal])).toEqual([
      ["done", 2 * MiB, 2 * MiB],
      ["done", MiB, MiB],
    ]);
    expect(done[0]?.dest).toBe(join(options.dir, String(a.id)));
    expect(done[0]?.result?.files[0]).toMatchObject({
      path: "a-Q4_K_M.gguf",
      localPath: join(options.dir, String(a.id), "a-Q4_K_M.gguf"),
      sha256: hub.repo("org/a").files.get("a-Q4_K_M.gguf")?.sha256,
    });
    const states = events
      .filter((e) => e.type === "changed" && e.entry.id === a.id)
      .map((e) => e.type === "changed" && e.entry.state);
    expect(states).toEqual(["queued", "running", "done"]);
    const progress = events.filter((e) => e.type === "progress" && e.id === b.id);
    expect(progress.at(-1)).toMatchObject({
      bytesDone: MiB,
      bytesTotal: MiB,
      event: { type: "completed", id: String(b.id) },
    });
    await queue.close();

    const reopened = open();
    expect(reopened.list()).toEqual(done);
    await reopened.remove(a.id);
    expect(reopened.list().map((e) => e.id)).toEqual([b.id]);
    await expect(stat(join(options.dir, String(a.id)))).rejects.toMatchObject({ code: "ENOENT" });
    await reopened.close();
  });

  it("pauses a running download keeping its part, and resumes it from there", async () => {
    const { hub, open, options } = await setup({ throttle: 4 * MiB });
    const queue = open();
    queue.start();
    const entry = queue.enqueue("org/a:Q4_K_M");
    const part = join(options.dir, String(entry.id), "a-Q4_K_M.gguf.part");
    await until(async () => ((await stat(part).catch(() => undefined))?.size ?? 0) > 300_000);
    const paused = await queue.pause(entry.id);
    expect(paused.state).toBe("paused");
    const kept = (await stat(part)).size;
    expect(kept).toBeGreaterThan(300_000);
    expect(paused.bytesDone).toBeGreaterThan(0);
    queue.resume(entry.id);
    await queue.idle();
    expect(queue.get(entry.id).state).toBe("done");
    const ranges = downloads(hub, "a-Q4_K_M.gguf").map((d) => d.range);
    expect(ranges[0]).toBeUndefined();
    expect(Number(/bytes=(\d+)-/.exec(ranges[1] ?? "")?.[1])).toBeGreaterThanOrEqual(kept);
    await queue.close();
  });

  it("cancels: stops the transfer and deletes partial files, its own folder or only the parts of a given one", async () => {
    const { open, options, root } = await setup({ throttle: 4 * MiB });
    const queue = open();
    queue.start();
    const own = queue.enqueue("org/a:Q4_K_M");
    const given = join(root, "given");
    const second = queue.enqueue("org/b/b.gguf", { dest: given });
    await until(
      async () => ((await stat(join(given, "b.gguf.part")).catch(() => undefined))?.size ?? 0) > 100_000,
    );
    const [first, other] = await Promise.all([queue.cancel(own.id), queue.cancel(second.id)]);
    expect([first.state, other.state]).toEqual(["cancelled", "cancelled"]);
    expect(await readdir(options.dir).catch(() => [])).toEqual([]);
    expect(await readdir(given)).toEqual([]);
    expect(() => queue.resume(own.id)).toThrow(expect.objectContaining({ code: "BAD_STATE" }));
    await queue.close();
  });

  it("records failures with a plain reason and code, and retries them on resume", async () => {
    const { open } = await setup();
    const queue = open();
    queue.start();
    const entry = queue.enqueue("org/missing:Q4_K_M");
    await queue.idle();
    expect(queue.get(entry.id)).toMatchObject({
      state: "failed",
      code: "NOT_FOUND",
      reason: expect.stringContaining("org/missing"),
    });
    expect(queue.resume(entry.id).state).toMatch(/queued|running/);
    await queue.idle();
    expect(queue.get(entry.id).state).toBe("failed");
    expect(() => queue.enqueue("not a spec")).toThrow(expect.objectContaining({ code: "BAD_SPEC" }));
    expect(() => queue.get(999)).toThrow(expect.objectContaining({ code: "NO_SUCH_DOWNLOAD" }));
    await queue.close();
    expect(() => queue.list()).toThrow(expect.objectContaining({ code: "BAD_STATE" }));
  });

  it("queues again what a dead process left running, and obeys a pause made by another process", async () => {
    const { open, options } = await setup({ throttle: 4 * MiB });
    const dead = spawnSync(process.execPath, ["-e", "0"]).pid as number;
    const first = open();
    const orphan = first.enqueue("org/b/b.gguf");
    await first.close();
    const db = new Database(options.db);
    db.prepare("UPDATE hf_downloads SET state = 'running', runner_pid = ? WHERE id = ?").run(dead, orphan.id);
    db.close();

    const runner = open();
    expect(runner.get(orphan.id).state).toBe("queued");
    runner.start();
    const big = runner.enqueue("org/a:Q4_K_M");
    await until(() => runner.get(big.id).bytesDone > 0 || runner.get(big.id).state === "running");
    const controller = open(); // another process's view: lists, but does not run
    expect(controller.get(big.id).state).toBe("running");
    expect((await controller.pause(big.id)).state).toBe("paused");
    await until(
      () => runner.get(big.id).state === "paused" && runner.list().every((e) => e.state !== "running"),
    );
    await runner.idle();
    expect(runner.get(big.id).state).toBe("paused");
    expect(runner.get(orphan.id).state).toBe("done");
    await controller.close();
    await runner.close();
  });
});
