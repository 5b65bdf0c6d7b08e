import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "../create-server.js";
import { createTestLibrary, HF_REPO, type TestLibrary } from "../test-utils/test-library.js";
import { writeLlmGguf } from "../test-utils/write-gguf.js";

describe("model routes", () => {
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

  it("lists every model with facets by type, format, quantization and architecture", async () => {
    const res = await app.inject("/api/v1/models");
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(4);
    expect(body.items.map((m: { id: string }) => m.id).sort()).toEqual(Object.values(lib.ids).sort());
    expect(body.items[0]).toMatchObject({
      id: expect.any(String),
      type: expect.any(String),
      size: expect.any(Number),
    });
    expect(body.facets.format).toEqual([
      { value: "gguf", count: 3 },
      { value: "unknown", count: 1 },
    ]);
    expect(body.facets.quantization).toEqual([
      { value: "Q4_K_M", count: 2 },
      { value: "Q8_0", count: 1 },
    ]);
    expect(body.facets.architecture).toEqual([
      { value: "llama", count: 2 },
      { value: "qwen2", count: 1 },
    ]);
  });

  it("searches with text and filters; a facet ignores its own filter only", async () => {
    const text = (await app.inject("/api/v1/models?q=qwen")).json();
    expect(text.items.map((m: { id: string }) => m.id)).toEqual([lib.ids.qwen]);
    expect(text.facets.architecture).toEqual([{ value: "qwen2", count: 1 }]);

    const filtered = (await app.inject("/api/v1/models?quantization=Q4_K_M&format=gguf")).json();
    expect(filtered.total).toBe(2);
    // Other quantizations are still counted (within format=gguf) ...
    expect(filtered.facets.quantization).toEqual([
      { value: "Q4_K_M", count: 2 },
      { value: "Q8_0", count: 1 },
    ]);
    // ... while the other facets count only the Q4_K_M models.
    expect(filtered.facets.architecture).toEqual([{ value: "llama", count: 2 }]);
    expect(filtered.facets.format).toEqual([{ value: "gguf", count: 2 }]);

    const two = (
      await app.inject("/api/v1/models?architecture=llama&architecture=qwen2&facets=false")
    ).json();
    expect(two.total).toBe(3);
    expect(two).not.toHaveProperty("facets");
    const tagged = (await app.inject("/api/v1/models?tag=chat")).json();
    expect(tagged.items.map((m: { id: string }) => m.id)).toEqual([lib.ids.qwen]);

    const paged = (
      await app.inject("/api/v1/models?sort=name&order=asc&limit=2&offset=1&facets=false")
    ).json();
    const names = (await app.inject("/api/v1/models?sort=name&order=asc&facets=false"))
      .json()
      .items.map((m: { name: string }) => m.name);
    expect(paged.total).toBe(4);
    expect(paged.items.map((m: { name: string }) => m.name)).toEqual(names.slice(1, 3));
    expect((await app.inject("/api/v1/models?sort=popularity")).statusCode).toBe(400);
    expect((await app.inject("/api/v1/models?offset=-1")).statusCode).toBe(400);
  });

  it("shows a model by id or unique prefix", async () => {
    const res = await app.inject(`/api/v1/models/${lib.ids.hf}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: lib.ids.hf,
      format: "gguf",
      quantization: "Q4_K_M",
      source: { kind: "download", repo: HF_REPO },
      files: [{ name: "tiny-Q4_K_M.gguf", sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }],
    });
    expect((await app.inject(`/api/v1/models/${lib.ids.qwen.slice(0, 6)}`)).json().id).toBe(lib.ids.qwen);
    const missing = await app.inject("/api/v1/models/nothing-like-this");
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: "NOT_FOUND" });
  });

  it("imports by absolute path, reports duplicates, and removes", async () => {
    const path = join(lib.dir, "in", "Extra-Q4_K_M.gguf");
    await writeLlmGguf(path, { seed: 99 });
    const relative = await app.inject({
      method: "POST",
      url: "/api/v1/import",
      payload: { paths: ["in/x.gguf"] },
    });
    expect(relative.statusCode).toBe(400);
    expect(relative.json().code).toBe("BAD_PATH");

    const res = await app.inject({
      method: "POST",
      url: "/api/v1/import",
      payload: { paths: [path], mode: "copy", tags: ["new"] },
    });
    expect(res.statusCode).toBe(200);
    const { imported, skipped } = res.json();
    expect(skipped).toEqual([]);
    expect(imported).toEqual([
      {
        id: expect.stringMatching(/^extra-q4_k_m-/),
        path,
        sha256: expect.any(String),
        folder: expect.any(String),
      },
    ]);
    const id = imported[0].id;
    expect(await readFile(join(imported[0].folder, "Extra-Q4_K_M.gguf"))).toEqual(await readFile(path));

    const again = await app.inject({ method: "POST", url: "/api/v1/import", payload: { paths: [path] } });
    expect(again.json().skipped).toEqual([expect.objectContaining({ code: "DUPLICATE", existingId: id })]);
    const badMode = await app.inject({
      method: "POST",
      url: "/api/v1/import",
      payload: { paths: [path], mode: "steal" },
    });
    expect(badMode.statusCode).toBe(400);

    const removed = await app.inject({ method: "DELETE", url: `/api/v1/models/${id}` });
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toEqual({ id, folder: imported[0].folder });
    await expect(stat(imported[0].folder)).rejects.toThrow();
    expect((await app.inject({ method: "DELETE", url: `/api/v1/models/${id}` })).statusCode).toBe(404);
  });

  it("re-identifies one model or all", async () => {
    const one = await app.inject({ method: "POST", url: `/api/v1/models/${lib.ids.llama}/reidentify` });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual({ updated: [], unchanged: [lib.ids.llama], failed: [] });
    const all = await app.inject({ method: "POST", url: "/api/v1/reidentify" });
    expect(all.json().unchanged.sort()).toEqual(Object.values(lib.ids).sort());
  });

  it("reads, replaces and patches overrides", async () => {
    const url = `/api/v1/models/${lib.ids.llama}/overrides`;
    expect((await app.inject(url)).json()).toEqual({});
    const put = await app.inject({ method: "PUT", url, payload: { name: "My Llama", tags: ["fav"] } });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({
      name: "My Llama",
      tags: ["fav"],
      overrides: { name: "My Llama", tags: ["fav"] },
    });
    const patch = await app.inject({ method: "PATCH", url, payload: { notes: "works well", tags: null } });
    expect(patch.json().overrides).toEqual({ name: "My Llama", notes: "works well" });
    // PUT replaces: what it leaves out is no longer overridden.
    const replaced = await app.inject({ method: "PUT", url, payload: { type: "embedding" } });
    expect(replaced.json().overrides).toEqual({ type: "embedding" });
    expect(replaced.json().name).not.toBe("My Llama");
    expect(
      (await app.inject(`/api/v1/models?q=${encodeURIComponent("llama")}&type=embedding`)).json().total,
    ).toBe(1);
    const bad = await app.inject({ method: "PUT", url, payload: { colour: "red" } });
    expect(bad.statusCode).toBe(400);
    const badType = await app.inject({ method: "PATCH", url, payload: { type: "spaceship" } });
    expect(badType.statusCode).toBe(400);
    await app.inject({ method: "PUT", url, payload: {} });
    expect((await app.inject(url)).json()).toEqual({});
  });
});
