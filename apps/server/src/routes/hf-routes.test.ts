import { type FixtureHub, fixtureBytes, startFixtureHub } from "@ml-tooling/fixture-hub";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "../create-server.js";
import { createTestLibrary, type TestLibrary } from "../test-utils/test-library.js";

describe("hf routes", () => {
  let lib: TestLibrary;
  let hub: FixtureHub;
  let app: FastifyInstance;
  const saved = process.env.HF_ENDPOINT;

  beforeAll(async () => {
    hub = await startFixtureHub({
      repos: [
        { id: "org/Tiny-GGUF", files: { "tiny-Q4_K_M.gguf": { content: fixtureBytes(1000, 1), lfs: true } } },
      ],
    });
    process.env.HF_ENDPOINT = hub.url;
    lib = await createTestLibrary();
    app = createServer({ library: lib.library, watch: false, ui: false });
    await app.ready();
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.HF_ENDPOINT;
    else process.env.HF_ENDPOINT = saved;
    await app.close();
    await lib.cleanup();
    await hub.close();
  });

  it("searches the configured hub and lists the quantizations on offer", async () => {
    const res = await app.inject("/api/v1/hf/search?q=tiny");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ stale: false, items: [{ repo: "org/Tiny-GGUF" }] });
  });

  it("validates its input", async () => {
    expect((await app.inject("/api/v1/hf/search")).statusCode).toBe(400);
    expect((await app.inject("/api/v1/hf/search?q=x&limit=5000")).statusCode).toBe(400);
  });
});
