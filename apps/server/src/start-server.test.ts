import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { downloadFile } from "@huggingface/hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "./start-server.js";
import { openSse } from "./test-utils/sse-client.js";
import { createTestLibrary, HF_REPO, type TestLibrary } from "./test-utils/test-library.js";

describe("startServer", () => {
  let lib: TestLibrary;

  beforeAll(async () => {
    lib = await createTestLibrary();
  });
  afterAll(async () => {
    await lib.cleanup();
  });

  it("opens a library from its root, serves it, and closes everything", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mlib-start-"));
    try {
      const root = join(dir, "fresh-library");
      const server = await startServer({ root, port: 0, watch: { stabilityMs: 100, batchMs: 100 } });
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await stat(join(root, ".mlib"))).isDirectory()).toBe(true);
      const health = await fetch(`${server.url}/api/v1/health`);
      expect(await health.json()).toMatchObject({ ok: true, root, models: 0 });
      const sse = await openSse(server.url, "/api/v1/events");
      await server.close();
      await sse.ended;
      await expect(server.library.get("anything")).rejects.toMatchObject({ code: "CLOSED" });
      await expect(fetch(`${server.url}/api/v1/health`)).rejects.toThrow();
      await server.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses a library root that is not one when told not to create it, and bad ports", async () => {
    await expect(
      startServer({ root: join(lib.dir, "nothing"), create: false, port: 0 }),
    ).rejects.toMatchObject({
      code: "NOT_A_LIBRARY",
    });
    await expect(startServer({ library: lib.library, port: 70_000 })).rejects.toMatchObject({
      code: "BAD_OPTION",
    });
  });

  it("listens on every interface only with a token; the hub client authenticates with it", async () => {
    await expect(startServer({ library: lib.library, host: "0.0.0.0", port: 0 })).rejects.toMatchObject({
      code: "NEEDS_TOKEN",
    });
    const server = await startServer({
      library: lib.library,
      host: "0.0.0.0",
      port: 0,
      token: "hf_full-access-token",
      readToken: "hf_read-only-token",
      watch: false,
      ui: false,
    });
    try {
      const port = new URL(server.url).port;
      const hubUrl = `http://127.0.0.1:${port}`;
      await expect(downloadFile({ repo: HF_REPO, path: "tiny-Q4_K_M.gguf", hubUrl })).rejects.toThrow();
      const blob = await downloadFile({
        repo: HF_REPO,
        path: "tiny-Q4_K_M.gguf",
        hubUrl,
        accessToken: "hf_read-only-token",
      });
      const record = await lib.library.get(lib.ids.hf);
      expect(blob?.size).toBe(record.size);
    } finally {
      await server.close();
    }
    // The library belongs to the caller: still open.
    expect((await lib.library.get(lib.ids.hf)).id).toBe(lib.ids.hf);
  });
});
