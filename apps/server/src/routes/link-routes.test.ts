import { lstat, mkdir, readlink, rm } from "node:fs/promises";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "../create-server.js";
import { createTestLibrary, type TestLibrary } from "../test-utils/test-library.js";

describe("link routes", () => {
  let lib: TestLibrary;
  let app: FastifyInstance;
  let target: string;

  beforeAll(async () => {
    lib = await createTestLibrary();
    target = join(lib.dir, "llama.cpp-models");
    await mkdir(target);
    app = createServer({ library: lib.library, watch: false, ui: false });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await lib.cleanup();
  });

  it("plans without writing, then applies, checks, repairs and unlinks", async () => {
    const body = { app: "llamacpp", target, strategy: "symlink" };
    const plan = await app.inject({ method: "POST", url: "/api/v1/links/plan", payload: body });
    expect(plan.statusCode).toBe(200);
    const actions = plan.json().plan.actions as Array<{ action: string; path: string; modelId: string }>;
    const creates = actions.filter((a) => a.action === "create");
    expect(creates.length).toBeGreaterThanOrEqual(3);
    expect(plan.json()).not.toHaveProperty("applied");
    await expect(lstat(creates[0]?.path as string)).rejects.toThrow();

    const applied = await app.inject({ method: "POST", url: "/api/v1/links/apply", payload: body });
    expect(applied.json().applied).toMatchObject({ created: creates.length, failed: 0 });
    const link = creates.find((a) => a.modelId === lib.ids.llama)?.path as string;
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    const record = await lib.library.get(lib.ids.llama);
    expect(await readlink(link)).toBe(record.files[0]?.path);

    const healthy = await app.inject("/api/v1/links/check");
    expect(healthy.json().counts).toEqual({ ok: creates.length });
    await rm(link);
    const broken = await app.inject("/api/v1/links/check");
    expect(broken.json().counts).toEqual({ ok: creates.length - 1, missing: 1 });
    const repaired = await app.inject({ method: "POST", url: "/api/v1/links/repair" });
    expect(repaired.json()).toMatchObject({ repaired: 1, failed: 0 });
    expect((await lstat(link)).isSymbolicLink()).toBe(true);

    const unlinked = await app.inject({
      method: "DELETE",
      url: `/api/v1/links/llamacpp?target=${encodeURIComponent(target)}`,
    });
    expect(unlinked.json()).toMatchObject({ removed: creates.length });
    await expect(lstat(link)).rejects.toThrow();
  });

  it("refuses relative targets, unknown apps and unknown strategies", async () => {
    const relative = await app.inject({
      method: "POST",
      url: "/api/v1/links/plan",
      payload: { app: "llamacpp", target: "models" },
    });
    expect(relative.statusCode).toBe(400);
    expect(relative.json().code).toBe("BAD_PATH");
    const unknown = await app.inject({
      method: "POST",
      url: "/api/v1/links/plan",
      payload: { app: "paint", target },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe("UNKNOWN_APP");
    const strategy = await app.inject({
      method: "POST",
      url: "/api/v1/links/apply",
      payload: { app: "llamacpp", target, strategy: "teleport" },
    });
    expect(strategy.statusCode).toBe(400);
  });
});
