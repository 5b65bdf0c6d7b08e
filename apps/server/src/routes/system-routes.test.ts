import { rename } from "node:fs/promises";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "../create-server.js";
import { createTestLibrary, type TestLibrary } from "../test-utils/test-library.js";

describe("system routes", () => {
  let lib: TestLibrary;
  let app: FastifyInstance;

  beforeAll(async () => {
    lib = await createTestLibrary();
    app = createServer({ library: lib.library, watch: false, ui: false });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await lib.cleanup();
  });

  it("says it is up, and gives statistics", async () => {
    expect((await app.inject("/api/v1/health")).json()).toEqual({
      ok: true,
      root: lib.root,
      models: 4,
      downloads: false,
    });
    const stats = (await app.inject("/api/v1/stats")).json();
    expect(stats.count).toBe(4);
    expect(stats.byFormat).toEqual(
      expect.arrayContaining([expect.objectContaining({ value: "gguf", count: 3 })]),
    );
  });

  it("lists app profiles and detected apps", async () => {
    const res = (await app.inject("/api/v1/apps")).json();
    expect(res.profiles.map((p: { id: string }) => p.id)).toEqual(
      expect.arrayContaining(["comfyui", "lmstudio", "ollama", "llamacpp"]),
    );
    expect(Array.isArray(res.detected)).toBe(true);
  });

  it("checks the index against the tree, and reindexes", async () => {
    const healthy = (await app.inject("/api/v1/doctor")).json();
    expect(healthy.ok).toBe(true);
    // Nothing to report on a fresh library (free space depends on the machine).
    expect(
      healthy.checks.filter((c: { name: string; status: string }) => c.status !== "ok" && c.name !== "disk"),
    ).toEqual([]);
    expect(healthy.checks.find((c: { name: string }) => c.name === "index")).toMatchObject({ status: "ok" });

    // A model folder moved by hand while nothing watched: the index is stale both ways.
    const record = await lib.library.get(lib.ids.qwen);
    const moved = join(lib.root, "llm", "moved-by-hand");
    await rename(record.folder, moved);
    const stale = (await app.inject("/api/v1/doctor")).json();
    const index = stale.checks.find((c: { name: string }) => c.name === "index");
    expect(index).toMatchObject({ status: "warn", hint: expect.stringContaining("reindex") });
    expect(index.message).toContain("1 model folder(s) missing from the index (llm/moved-by-hand)");
    expect(index.message).toContain("1 index entry without a folder");

    const reindexed = await app.inject({ method: "POST", url: "/api/v1/reindex" });
    expect(reindexed.json()).toEqual({ count: 4, warnings: [] });
    const after = (await app.inject("/api/v1/doctor")).json();
    expect(after.checks.find((c: { name: string }) => c.name === "index").status).toBe("ok");
    expect((await app.inject(`/api/v1/models/${lib.ids.qwen}`)).json().folder).toBe(moved);
  });
});
