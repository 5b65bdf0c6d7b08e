import { listFiles } from "@huggingface/hub";
import { describe, expect, it } from "vitest";
import { testHub } from "./test-utils/test-hub.js";
import type { FixtureRepo } from "./types.js";

const repo: FixtureRepo = {
  id: "org/tree",
  files: {
    "README.md": "# tree\n",
    "model.safetensors": "weights",
    "text_encoder/config.json": "{}",
    "text_encoder/sub/deep.gguf": { size: 1000, fill: 1 },
  },
};

async function paths(items: AsyncIterable<{ type: string; path: string }>): Promise<string[]> {
  const out: string[] = [];
  for await (const item of items) out.push(`${item.type}:${item.path}`);
  return out;
}

describe("GET /api/models/{repo}/tree with the real client", () => {
  it("lists recursively with folders, or one level", async () => {
    const hub = await testHub({ repos: [repo] });
    expect(await paths(listFiles({ repo: "org/tree", recursive: true, hubUrl: hub.url }))).toEqual([
      "file:README.md",
      "file:model.safetensors",
      "directory:text_encoder",
      "file:text_encoder/config.json",
      "directory:text_encoder/sub",
      "file:text_encoder/sub/deep.gguf",
    ]);
    expect(await paths(listFiles({ repo: "org/tree", hubUrl: hub.url }))).toEqual([
      "file:README.md",
      "file:model.safetensors",
      "directory:text_encoder",
    ]);
    expect(await paths(listFiles({ repo: "org/tree", path: "text_encoder", hubUrl: hub.url }))).toEqual([
      "file:text_encoder/config.json",
      "directory:text_encoder/sub",
    ]);
  });

  it("gives oids, LFS details and, with expand, the last commit", async () => {
    const hub = await testHub({ repos: [repo] });
    const info = hub.repo("org/tree");
    const entries = [];
    for await (const entry of listFiles({
      repo: "org/tree",
      recursive: true,
      expand: true,
      hubUrl: hub.url,
    })) {
      entries.push(entry);
    }
    const deep = entries.find((e) => e.path === "text_encoder/sub/deep.gguf");
    const file = info.files.get("text_encoder/sub/deep.gguf");
    expect(deep).toMatchObject({
      type: "file",
      size: 1000,
      oid: file?.oid,
      lfs: { oid: file?.sha256, size: 1000, pointerSize: expect.any(Number) },
      lastCommit: { id: info.commit, title: "fixture commit", date: "2024-01-01T00:00:00.000Z" },
    });
    const readme = entries.find((e) => e.path === "README.md");
    expect(readme?.oid).toBe(info.files.get("README.md")?.oid);
    expect(readme).not.toHaveProperty("lfs");
    expect(entries.find((e) => e.path === "text_encoder")?.oid).toMatch(/^[0-9a-f]{40}$/);
  });

  it("pages by cursor when the listing is longer than a page", async () => {
    const hub = await testHub({ repos: [repo], pageSize: 2 });
    const all = await paths(
      listFiles({
        repo: "org/tree",
        recursive: true,
        hubUrl: hub.url,
        revision: hub.repo("org/tree").commit,
      }),
    );
    expect(all).toHaveLength(6);
    expect(hub.requests.filter((r) => r.path.includes("/tree/"))).toHaveLength(3);
  });

  it("answers unknown folders, revisions and repos with the hub's error codes", async () => {
    const hub = await testHub({ repos: [repo] });
    const codes = async (path: string) => (await fetch(`${hub.url}${path}`)).headers.get("x-error-code");
    expect(await codes("/api/models/org/tree/tree/main/nowhere")).toBe("EntryNotFound");
    expect(await codes("/api/models/org/tree/tree/nobranch")).toBe("RevisionNotFound");
    expect(await codes("/api/models/org/none/tree/main")).toBe("RepoNotFound");
  });
});
