import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it, onTestFinished } from "vitest";
import { createHubFetch } from "./create-hub-fetch.js";
import { repoDetails } from "./repo-details.js";
import { hubFetchFor, testHub } from "./test-utils/test-hub.js";

describe("repoDetails", () => {
  it("lists files with the hash to verify each by, grouped into variants, at one commit", async () => {
    const hub = await testHub({
      repos: [
        {
          id: "org/mix",
          gated: true,
          files: {
            "README.md": "# mix",
            "m-Q4_K_M.gguf": { size: 4000, seed: 1 },
            "m-Q8_0.gguf": { size: 8000, seed: 2 },
            "st/config.json": "{}",
            "st/model.safetensors": { size: 3000, seed: 3 },
          },
        },
      ],
    });
    const details = await repoDetails("org/mix", { hub: hubFetchFor(hub) });
    const info = hub.repo("org/mix");
    expect(details).toMatchObject({
      repo: "org/mix",
      revision: "main",
      commit: info.commit,
      gated: "manual",
      private: false,
    });
    expect(details.files).toEqual([
      { path: "README.md", size: 5, lfs: false, gitSha1: info.files.get("README.md")?.oid },
      { path: "m-Q4_K_M.gguf", size: 4000, lfs: true, sha256: info.files.get("m-Q4_K_M.gguf")?.sha256 },
      { path: "m-Q8_0.gguf", size: 8000, lfs: true, sha256: info.files.get("m-Q8_0.gguf")?.sha256 },
      { path: "st/config.json", size: 2, lfs: false, gitSha1: info.files.get("st/config.json")?.oid },
      {
        path: "st/model.safetensors",
        size: 3000,
        lfs: true,
        sha256: info.files.get("st/model.safetensors")?.sha256,
      },
    ]);
    expect(details.variants.map((v) => [v.name, v.size, v.files])).toEqual([
      ["Q4_K_M", 4000, ["m-Q4_K_M.gguf"]],
      ["Q8_0", 8000, ["m-Q8_0.gguf"]],
      ["safetensors", 3002, ["st/model.safetensors", "st/config.json"]],
    ]);
  });

  it("resolves branches and commits, and explains missing or private repos", async () => {
    const hub = await testHub({
      repos: [
        { id: "org/r", files: { "a.gguf": "1" } },
        { id: "org/secret", private: true, files: { "a.gguf": "2" } },
      ],
    });
    const dev = hub.addRepo({ id: "org/r", revision: "dev", files: { "b.gguf": "2" } });
    const hubFetch = hubFetchFor(hub);
    expect((await repoDetails("org/r", { revision: "dev", hub: hubFetch })).files.map((f) => f.path)).toEqual(
      ["b.gguf"],
    );
    expect((await repoDetails("org/r", { revision: dev.commit, hub: hubFetch })).commit).toBe(dev.commit);
    await expect(repoDetails("org/r", { revision: "nope", hub: hubFetch })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringContaining("org/r@nope"),
    });
    await expect(repoDetails("org/none", { hub: hubFetch })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(repoDetails("org/secret", { hub: hubFetch })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: expect.stringContaining("HF_TOKEN"),
    });
    expect((await repoDetails("org/secret", { hub: hubFetchFor(hub, { token: "hf_x" }) })).private).toBe(
      true,
    );
    await expect(repoDetails("org/r:Q4", { hub: hubFetch })).rejects.toMatchObject({ code: "BAD_SPEC" });
  });

  it("refuses a listing whose paths would leave the download folder", async () => {
    const commit = "c".repeat(40);
    const server = createServer((req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const body = req.url?.includes("/tree/")
        ? [{ type: "file", path: "../../.bashrc", size: 5, oid: "d".repeat(40) }]
        : { _id: "x", id: "org/evil", sha: commit };
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const hub = createHubFetch({ endpoint, offline: false, cacheDir: "/x" });
    await expect(repoDetails("org/evil", { hub })).rejects.toMatchObject({
      code: "BAD_RESPONSE",
      message: expect.stringContaining("../../.bashrc"),
    });
  });
});
