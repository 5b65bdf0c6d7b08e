import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "../create-server.js";
import { FakeDownloads } from "../test-utils/fake-downloads.js";
import { createTestLibrary, type TestLibrary } from "../test-utils/test-library.js";

describe("pull routes", () => {
  let lib: TestLibrary;
  let app: FastifyInstance;
  let bare: FastifyInstance;

  beforeAll(async () => {
    lib = await createTestLibrary();
    app = createServer({ library: lib.library, watch: false, ui: false, downloads: new FakeDownloads() });
    bare = createServer({ library: lib.library, watch: false, ui: false });
    await Promise.all([app.ready(), bare.ready()]);
  });
  afterAll(async () => {
    await Promise.all([app.close(), bare.close()]);
    await lib.cleanup();
  });

  it("starts, pauses, resumes, cancels and lists pulls", async () => {
    const started = await app.inject({
      method: "POST",
      url: "/api/v1/pulls",
      payload: { spec: "org/repo:Q4_K_M", revision: "main" },
    });
    expect(started.statusCode).toBe(201);
    const { id } = started.json();
    expect(started.json()).toMatchObject({
      spec: "org/repo:Q4_K_M",
      revision: "main",
      state: "queued",
      bytesDone: 0,
    });
    const paused = await app.inject({ method: "POST", url: `/api/v1/pulls/${id}/pause` });
    expect(paused.json().state).toBe("paused");
    expect((await app.inject({ method: "POST", url: `/api/v1/pulls/${id}/resume` })).json().state).toBe(
      "queued",
    );
    expect((await app.inject({ method: "POST", url: `/api/v1/pulls/${id}/cancel` })).json().state).toBe(
      "cancelled",
    );
    const list = await app.inject("/api/v1/pulls");
    expect(list.json().items).toEqual([expect.objectContaining({ id, state: "cancelled" })]);
  });

  it("answers the queue's refusals as 4xx", async () => {
    const bad = await app.inject({ method: "POST", url: "/api/v1/pulls", payload: { spec: "nonsense" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: "BAD_SPEC" });
    const missing = await app.inject({ method: "POST", url: "/api/v1/pulls/999/pause" });
    expect(missing.statusCode).toBe(404);
    const started = await app.inject({
      method: "POST",
      url: "/api/v1/pulls",
      payload: { spec: "org/other" },
    });
    const conflict = await app.inject({ method: "POST", url: `/api/v1/pulls/${started.json().id}/resume` });
    expect(conflict.statusCode).toBe(409);
    expect((await app.inject({ method: "POST", url: "/api/v1/pulls", payload: {} })).statusCode).toBe(400);
  });

  it("answers 503 when the server has no download queue", async () => {
    const res = await bare.inject("/api/v1/pulls");
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: "NO_DOWNLOADS" });
  });
});
