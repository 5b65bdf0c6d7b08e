import { datasetInfo, modelInfo, repoExists } from "@huggingface/hub";
import { describe, expect, it } from "vitest";
import { testHub } from "./test-utils/test-hub.js";

const gguf = { total: 123, architecture: "llama", context_length: 4096 };

describe("GET /api/{type}s/{repo}[/revision/{rev}] with the real client", () => {
  it("answers modelInfo with sha, siblings and info fields", async () => {
    const hub = await testHub({
      repos: [
        {
          id: "org/tiny",
          files: { "b.gguf": "x", "a/config.json": "{}" },
          info: { pipeline_tag: "text-generation", downloads: 42, likes: 3, library_name: "gguf", gguf },
        },
      ],
    });
    const info = await modelInfo({
      name: "org/tiny",
      hubUrl: hub.url,
      additionalFields: ["sha", "filePaths", "library_name", "author"],
    });
    expect(info).toMatchObject({
      name: "org/tiny",
      sha: hub.repo("org/tiny").commit,
      filePaths: ["a/config.json", "b.gguf"],
      task: "text-generation",
      downloads: 42,
      likes: 3,
      library_name: "gguf",
      author: "org",
      private: false,
      gated: false,
    });
    // Fields not asked for with expand are left out, as the hub does.
    expect(info).not.toHaveProperty("gguf");
    const expanded = await (await fetch(`${hub.url}/api/models/org/tiny?expand=gguf`)).json();
    expect(expanded).toEqual({ _id: info.id, id: "org/tiny", gguf });
    const full = (await (await fetch(`${hub.url}/api/models/org/tiny`)).json()) as Record<string, unknown>;
    expect(full).toMatchObject({
      id: "org/tiny",
      sha: info.sha,
      gguf,
      siblings: [{ rfilename: "a/config.json" }, { rfilename: "b.gguf" }],
    });
  });

  it("resolves a branch, HEAD and an older commit of a moved branch", async () => {
    const hub = await testHub({ repos: [{ id: "org/moving", files: { "a.txt": "v1" } }] });
    const first = hub.repo("org/moving").commit;
    hub.addRepo({ id: "org/moving", files: { "a.txt": "v2", "b.txt": "new" } });
    hub.addRepo({ id: "org/moving", revision: "dev", files: { "a.txt": "v3" } });
    const second = hub.repo("org/moving").commit;
    expect(second).not.toBe(first);
    const at = async (revision?: string) =>
      modelInfo({ name: "org/moving", hubUrl: hub.url, revision, additionalFields: ["sha", "filePaths"] });
    expect((await at()).sha).toBe(second);
    expect((await at("main")).filePaths).toEqual(["a.txt", "b.txt"]);
    expect((await at(first)).filePaths).toEqual(["a.txt"]);
    expect((await at("dev")).sha).toBe(hub.repo("org/moving", "dev").commit);
    expect(hub.repos.get("org/moving")?.commit).toBe(second);
    await expect(at("nope")).rejects.toThrow(/Invalid rev id: nope/);
    const missing = await fetch(`${hub.url}/api/models/org/moving/revision/nope`);
    expect(missing.headers.get("x-error-code")).toBe("RevisionNotFound");
  });

  it("serves datasets and legacy ids without an org", async () => {
    const hub = await testHub({
      repos: [
        { id: "org/data", type: "dataset", files: { "d.csv": "a,b" } },
        { id: "gpt2", files: { "config.json": "{}" } },
      ],
    });
    const data = await datasetInfo({ name: "org/data", hubUrl: hub.url, additionalFields: ["sha"] });
    expect(data).toMatchObject({ name: "org/data", sha: hub.repo("datasets/org/data").commit });
    expect(await modelInfo({ name: "gpt2", hubUrl: hub.url })).toMatchObject({ name: "gpt2" });
    expect(hub.repo("gpt2").cacheFolder).toBe("models--gpt2");
  });

  it("answers a missing repo with 404 RepoNotFound and hides private repos without a token", async () => {
    const hub = await testHub({ repos: [{ id: "org/secret", files: {}, private: true }] });
    const missing = await fetch(`${hub.url}/api/models/org/none`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("x-error-code")).toBe("RepoNotFound");
    expect(await missing.json()).toEqual({ error: expect.stringContaining("org/none") });
    expect(await repoExists({ repo: "org/none", hubUrl: hub.url })).toBe(false);
    const hidden = await fetch(`${hub.url}/api/models/org/secret`);
    expect(hidden.status).toBe(401);
    expect(hidden.headers.get("x-error-code")).toBe("RepoNotFound");
    expect(await repoExists({ repo: "org/secret", hubUrl: hub.url })).toBe(false);
    expect(await repoExists({ repo: "org/secret", hubUrl: hub.url, accessToken: "hf_x" })).toBe(true);
    expect((await modelInfo({ name: "org/secret", hubUrl: hub.url, accessToken: "hf_x" })).private).toBe(
      true,
    );
  });

  it("accepts only the configured tokens when given", async () => {
    const hub = await testHub({
      repos: [{ id: "org/secret", files: {}, private: true }],
      tokens: ["hf_good"],
    });
    const get = (token: string) =>
      fetch(`${hub.url}/api/models/org/secret`, { headers: { Authorization: `Bearer ${token}` } });
    expect((await get("hf_good")).status).toBe(200);
    expect((await get("hf_other")).status).toBe(401);
  });
});
