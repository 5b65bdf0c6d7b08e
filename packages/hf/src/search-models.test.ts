import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { searchModels } from "./search-models.js";
import { searchRepos } from "./test-utils/search-repos.js";
import { tempDir } from "./test-utils/temp-dir.js";
import { hubFetchFor, testHub } from "./test-utils/test-hub.js";

const HOUR = 3600_000;

describe("searchModels", () => {
  it("finds models with their formats and quantizations, filtered and sorted", async () => {
    const hub = await testHub({ repos: searchRepos });
    const hubFetch = hubFetchFor(hub);
    const all = await searchModels({ query: "llama-3.2-1b" }, { hub: hubFetch });
    expect(all.items.map((i) => i.repo)).toEqual([
      "meta-llama/Llama-3.2-1B-Instruct",
      "bartowski/Llama-3.2-1B-Instruct-GGUF",
      "someone/llama-3.2-1b-mmproj-GGUF",
    ]);
    expect(all).toMatchObject({ stale: false, fromCache: false });
    expect(all.items[1]).toMatchObject({
      author: "bartowski",
      task: "text-generation",
      library: "gguf",
      downloads: 5000,
      likes: 40,
      gated: false,
      private: false,
      formats: ["gguf"],
      quantizations: ["IQ2_M", "Q4_K_M", "Q8_0"],
    });
    expect(all.items[0]).toMatchObject({ formats: ["safetensors"], quantizations: [] });
    expect(all.items[2]?.quantizations).toEqual(["F16"]);
    const gguf = await searchModels(
      { query: "llama", format: "gguf", author: "bartowski" },
      { hub: hubFetch },
    );
    expect(gguf.items.map((i) => i.repo)).toEqual(["bartowski/Llama-3.2-1B-Instruct-GGUF"]);
    const images = await searchModels({ task: "text-to-image", limit: 1 }, { hub: hubFetch });
    expect(images.items.map((i) => [i.repo, i.formats])).toEqual([
      ["stabilityai/sdxl-turbo", ["safetensors"]],
    ]);
    await expect(searchModels({ limit: 0 }, { hub: hubFetch })).rejects.toMatchObject({ code: "BAD_SPEC" });
  });

  it("caches answers for 24 h, then asks again", async () => {
    const hub = await testHub({ repos: searchRepos });
    const cacheDb = join(await tempDir(), "state", "hf-cache.db");
    let now = 1_000_000;
    const options = { hub: hubFetchFor(hub), cacheDb, now: () => now };
    const first = await searchModels({ query: "gguf" }, options);
    const asked = hub.requests.length;
    now += 23 * HOUR;
    const second = await searchModels({ query: "gguf" }, options);
    expect(second).toEqual({ ...first, fromCache: true });
    expect(hub.requests.length).toBe(asked);
    now += 2 * HOUR;
    expect(await searchModels({ query: "gguf" }, options)).toMatchObject({
      fromCache: false,
      fetchedAt: now,
    });
    expect(hub.requests.length).toBe(asked + 1);
  });

  it("serves cached answers up to 7 days old, marked stale, when the hub fails", async () => {
    const hub = await testHub({ repos: searchRepos });
    const cacheDb = join(await tempDir(), "hf-cache.db");
    let now = 5_000_000;
    const options = { hub: hubFetchFor(hub), cacheDb, now: () => now };
    const fresh = await searchModels({ query: "sdxl" }, options);
    hub.fail({ times: Number.POSITIVE_INFINITY, status: 503 });
    now += 3 * 24 * HOUR;
    const stale = await searchModels({ query: "sdxl" }, options);
    expect(stale).toEqual({ items: fresh.items, stale: true, fetchedAt: fresh.fetchedAt, fromCache: true });
    now += 5 * 24 * HOUR;
    await expect(searchModels({ query: "sdxl" }, options)).rejects.toMatchObject({
      code: "HTTP",
      message: expect.stringContaining("503"),
    });
    await expect(searchModels({ query: "never cached" }, options)).rejects.toMatchObject({ code: "HTTP" });
  });

  it("names the database when it cannot be used", async () => {
    const dir = await tempDir();
    await expect(searchModels({}, { cacheDb: dir, hub: hubFetchFor(await testHub()) })).rejects.toMatchObject(
      {
        code: "DB_ERROR",
        message: expect.stringContaining(dir),
      },
    );
  });
});
