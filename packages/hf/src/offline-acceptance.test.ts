import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { createHubFetch } from "./create-hub-fetch.js";
import { lookupSource } from "./lookup-source.js";
import { pull } from "./pull.js";
import { repoDetails } from "./repo-details.js";
import { resolveHfConfig } from "./resolve-hf-config.js";
import { searchModels } from "./search-models.js";
import { searchRepos } from "./test-utils/search-repos.js";
import { tempDir } from "./test-utils/temp-dir.js";
import { hubFetchFor, testHub } from "./test-utils/test-hub.js";

describe("HF_HUB_OFFLINE=1", () => {
  it("answers searches from the cache marked stale, and nothing opens a connection", async () => {
    const hub = await testHub({ repos: searchRepos });
    const root = await tempDir();
    const cacheDb = join(root, ".mlib", "hf-cache.db");
    const online = await searchModels({ query: "llama", format: "gguf" }, { hub: hubFetchFor(hub), cacheDb });
    expect(online.items.length).toBeGreaterThan(0);

    const env = { HF_ENDPOINT: hub.url, HF_HUB_OFFLINE: "1", HOME: root };
    const config = resolveHfConfig(env);
    expect(config.offline).toBe(true);
    const guard = vi.fn<typeof fetch>();
    const offline = createHubFetch(config, { fetch: guard });
    const logged = hub.requests.length;

    const answer = await searchModels({ query: "llama", format: "gguf" }, { hub: offline, cacheDb });
    expect(answer).toEqual({
      items: online.items,
      stale: true,
      fetchedAt: online.fetchedAt,
      fromCache: true,
    });
    await expect(searchModels({ query: "never asked" }, { hub: offline, cacheDb })).rejects.toMatchObject({
      name: "OfflineError",
      code: "OFFLINE",
      message: expect.stringMatching(/^HF_HUB_OFFLINE is set: .*no cached answer/),
    });
    const dest = await tempDir();
    await expect(
      pull({ repo: "bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M", dest, hub: offline }),
    ).rejects.toMatchObject({
      code: "OFFLINE",
      message:
        "HF_HUB_OFFLINE is set: pulling bartowski/Llama-3.2-1B-Instruct-GGUF needs the network; unset HF_HUB_OFFLINE to download",
    });
    await expect(repoDetails("meta-llama/Llama-3.2-1B-Instruct", { hub: offline })).rejects.toMatchObject({
      code: "OFFLINE",
    });
    await expect(
      lookupSource({ baseName: "Llama-3.2-1B-Instruct-Q4_K_M.gguf" }, { hub: offline, cacheDb }),
    ).rejects.toMatchObject({
      code: "OFFLINE",
    });
    await expect(offline(`${hub.url}/api/models`)).rejects.toMatchObject({ code: "OFFLINE" });

    expect(guard).not.toHaveBeenCalled();
    expect(hub.requests.length).toBe(logged);
  });
});
