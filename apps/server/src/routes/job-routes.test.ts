import { readFile, writeFile } from "node:fs/promises";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "../create-server.js";
import { EventLog } from "../event-log.js";
import { createTestLibrary, type TestLibrary } from "../test-utils/test-library.js";

describe("verify jobs", () => {
  let lib: TestLibrary;
  let app: FastifyInstance;
  const events = new EventLog();

  beforeAll(async () => {
    lib = await createTestLibrary();
    app = createServer({ library: lib.library, watch: false, ui: false, events });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await lib.cleanup();
  });

  const finished = async (id: string) => {
    for (let i = 0; i < 500; i++) {
      const job = (await app.inject(`/api/v1/jobs/${id}`)).json();
      if (job.state !== "running") return job;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`job ${id} did not end`);
  };

  it("verifies every model as a job and reports through events", async () => {
    const res = await app.inject({ method: "POST", url: "/api/v1/verify" });
    expect(res.statusCode).toBe(202);
    const job = res.json();
    expect(job).toMatchObject({
      id: expect.stringMatching(/^verify-\d+$/),
      kind: "verify",
      state: "running",
    });
    const done = await finished(job.id);
    expect(done.state).toBe("done");
    expect(done.result).toMatchObject({ ok: 4, corrupt: 0, missing: 0 });
    const mine = events.since(0).events.filter((e) => (e.data as { id?: string }).id === job.id);
    expect(mine.map((e) => e.type)).toEqual(expect.arrayContaining(["job", "progress"]));
    expect(mine.at(-1)).toMatchObject({
      type: "job",
      data: { state: "done", summary: { ok: 4, corrupt: 0, missing: 0 } },
    });
    expect((await app.inject("/api/v1/jobs")).json().items[0].id).toBe(job.id);
  });

  it("finds a corrupted file when verifying one model", async () => {
    const record = await lib.library.get(lib.ids.qwen);
    const path = record.files[0]?.path as string;
    const bytes = await readFile(path);
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] as number) ^ 1;
    await writeFile(path, flipped);
    try {
      const res = await app.inject({
        method: "POST",
        url: "/api/v1/verify",
        payload: { ids: [lib.ids.qwen] },
      });
      const done = await finished(res.json().id);
      expect(done.result).toMatchObject({ ok: 0, corrupt: 1, missing: 0 });
      expect(done.result.models[0]).toMatchObject({ id: lib.ids.qwen, status: "corrupt" });
    } finally {
      await writeFile(path, bytes);
    }
  });

  it("fails a job for an unknown id, and answers 404 for unknown jobs", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/api/v1/verify",
      payload: { ids: ["no-such-model"] },
    });
    const done = await finished(res.json().id);
    expect(done).toMatchObject({ state: "failed", error: { code: "NOT_FOUND" } });
    expect((await app.inject("/api/v1/jobs/verify-999999")).statusCode).toBe(404);
    expect((await app.inject("/api/v1/jobs/..%2f..")).statusCode).toBe(400);
    expect(
      (await app.inject({ method: "POST", url: "/api/v1/verify", payload: { ids: { a: 1 } } })).statusCode,
    ).toBe(400);
  });
});
