import { readdir, truncate } from "node:fs/promises";
import { request } from "node:http";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "../create-server.js";
import { createTestLibrary, type TestLibrary } from "../test-utils/test-library.js";
import { writeLlmGguf } from "../test-utils/write-gguf.js";

const BIG = 64 << 20;

describe("streaming large files", () => {
  let lib: TestLibrary;
  let app: FastifyInstance;
  let url: string;
  let path: string;

  beforeAll(async () => {
    lib = await createTestLibrary();
    // A 64 MiB model: a GGUF header, then zeros (sparse on disk).
    const file = join(lib.dir, "in", "Big-Q4_K_M.gguf");
    await writeLlmGguf(file, { seed: 7 });
    await truncate(file, BIG);
    const { imported } = await lib.library.import([file], { mode: "move" });
    path = `/local/${imported[0]?.id}/resolve/main/Big-Q4_K_M.gguf`;
    app = createServer({ library: lib.library, watch: false, ui: false });
    url = await app.listen({ host: "127.0.0.1", port: 0 });
  });
  afterAll(async () => {
    await app.close();
    await lib.cleanup();
  });

  const openFds = async () => (await readdir("/proc/self/fd")).length;

  it("holds back while the client does not read, and sends everything once it does", async () => {
    const before = process.memoryUsage().arrayBuffers;
    let received = 0;
    let grown = Number.NaN;
    const done = new Promise<number>((resolve, reject) => {
      const req = request(`${url}${path}`, (res) => {
        res.once("data", (chunk: Buffer) => {
          received += chunk.length;
          res.pause();
          // While the client reads nothing the server must not read the file ahead into memory.
          setTimeout(() => {
            grown = process.memoryUsage().arrayBuffers - before;
            res.on("data", (c: Buffer) => {
              received += c.length;
            });
            res.on("end", () => resolve(received));
            res.resume();
          }, 300);
        });
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end();
    });
    expect(await done).toBe(BIG);
    expect(grown).toBeLessThan(BIG / 2);
  });

  it("closes the file when the client goes away mid-download", async () => {
    const baseline = await openFds();
    await new Promise<void>((resolve, reject) => {
      const req = request(`${url}${path}`, (res) => {
        res.once("data", () => {
          req.destroy();
          resolve();
        });
      });
      req.on("error", (error) => (req.destroyed ? undefined : reject(error)));
      req.end();
    });
    let now = await openFds();
    for (let i = 0; i < 100 && now > baseline; i++) {
      await new Promise((r) => setTimeout(r, 20));
      now = await openFds();
    }
    expect(now).toBeLessThanOrEqual(baseline);
  });

  it("lets the server close while a download is in flight", async () => {
    const other = createServer({ library: lib.library, watch: false, ui: false });
    const otherUrl = await other.listen({ host: "127.0.0.1", port: 0 });
    const cut = new Promise<boolean>((resolve, reject) => {
      const req = request(`${otherUrl}${path}`, (res) => {
        res.once("data", () => {
          res.pause();
          other.close().then(() => res.resume(), reject);
        });
        res.on("end", () => resolve(false));
        res.on("error", () => resolve(true));
        res.on("aborted", () => resolve(true));
      });
      req.on("error", () => resolve(true));
      req.end();
    });
    expect(await cut).toBe(true);
  });
});
