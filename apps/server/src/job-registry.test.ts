import { describe, expect, it } from "vitest";
import { EventLog } from "./event-log.js";
import { JobRegistry } from "./job-registry.js";

describe("JobRegistry", () => {
  it("runs a job, keeps its result and says so on the event log", async () => {
    const events = new EventLog();
    const jobs = new JobRegistry(events);
    const started = jobs.start(
      "verify",
      async () => ({ ok: 2 }),
      (r) => r,
    );
    expect(started.state).toBe("running");
    const done = await jobs.settled(started.id);
    expect(done).toMatchObject({ id: started.id, state: "done", result: { ok: 2 } });
    expect(done.finishedAt).toBeDefined();
    expect(events.since(0).events.map((e) => e.data)).toEqual([
      { id: started.id, kind: "verify", state: "running" },
      { id: started.id, kind: "verify", state: "done", summary: { ok: 2 } },
    ]);
  });

  it("reports a failure as the API answers errors, without internals", async () => {
    const jobs = new JobRegistry(new EventLog());
    const typed = Object.assign(new Error("no model with id x"), { code: "NOT_FOUND" });
    const a = jobs.start("verify", async () => {
      throw typed;
    });
    const b = jobs.start("verify", async () => {
      throw new Error("/secret/path exploded");
    });
    expect((await jobs.settled(a.id)).error).toEqual({ error: "no model with id x", code: "NOT_FOUND" });
    expect((await jobs.settled(b.id)).error).toEqual({ error: "internal error", code: "INTERNAL" });
  });

  it("cancels through the signal and on close", async () => {
    const jobs = new JobRegistry(new EventLog());
    const wait = (signal: AbortSignal) =>
      new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error("aborted"))));
    const a = jobs.start("verify", ({ signal }) => wait(signal));
    const b = jobs.start("verify", ({ signal }) => wait(signal));
    jobs.cancel(a.id);
    expect((await jobs.settled(a.id)).state).toBe("cancelled");
    await jobs.close();
    expect(jobs.get(b.id).state).toBe("cancelled");
    expect(() => jobs.get("verify-99")).toThrow(/no job/);
  });

  it("keeps only the last finished jobs", async () => {
    const jobs = new JobRegistry(new EventLog(), 2);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const job = jobs.start("x", async () => i);
      ids.push(job.id);
      await jobs.settled(job.id);
    }
    expect(jobs.list().map((j) => j.id)).toEqual([ids[3], ids[2]]);
  });
});
