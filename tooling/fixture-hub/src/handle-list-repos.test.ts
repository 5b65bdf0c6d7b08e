import { listDatasets, listModels } from "@huggingface/hub";
import { describe, expect, it } from "vitest";
import { testHub } from "./test-utils/test-hub.js";
import type { FixtureRepo } from "./types.js";

const llamas: FixtureRepo[] = Array.from({ length: 7 }, (_, i) => ({
  id: `org${i % 2}/llama-${i}`,
  files: { "README.md": `llama ${i}` },
  info: { downloads: i * 10, likes: 7 - i, pipeline_tag: "text-generation", tags: ["gguf", `n${i}`] },
}));
const others: FixtureRepo[] = [
  {
    id: "org0/bert",
    files: { "config.json": "{}" },
    info: { pipeline_tag: "fill-mask", library_name: "transformers" },
  },
  { id: "org1/secret-llama", files: { "a.txt": "x" }, private: true },
  { id: "org1/gated-llama", files: { "a.txt": "x" }, gated: true },
  { id: "org0/data", type: "dataset", files: { "d.csv": "a,b" } },
];

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe("GET /api/models with the real client", () => {
  it("searches across pages linked by Link rel=next", async () => {
    const hub = await testHub({ repos: [...llamas, ...others], pageSize: 3 });
    const found = await collect(listModels({ hubUrl: hub.url, search: { query: "LLAMA-" } }));
    expect(found.map((m) => m.name)).toEqual(llamas.map((r) => r.id));
    const pages = hub.requests.filter((r) => r.path.startsWith("/api/models?"));
    expect(pages).toHaveLength(3);
    expect(found[0]).toMatchObject({
      private: false,
      gated: false,
      task: "text-generation",
      downloads: 0,
      likes: 7,
    });
    expect(found[0]?.id).toMatch(/^[0-9a-f]{24}$/);
    expect(found[0]?.updatedAt.toISOString()).toBe("2024-01-01T00:00:00.000Z");
  });

  it("stops at the client's limit and honours author, task, tags and sort", async () => {
    const hub = await testHub({ repos: [...llamas, ...others], pageSize: 3 });
    expect(await collect(listModels({ hubUrl: hub.url, limit: 4 }))).toHaveLength(4);
    const byOrg1 = await collect(
      listModels({ hubUrl: hub.url, search: { owner: "org1", task: "text-generation" } }),
    );
    expect(byOrg1.map((m) => m.name)).toEqual(["org1/llama-1", "org1/llama-3", "org1/llama-5"]);
    const tagged = await collect(listModels({ hubUrl: hub.url, search: { tags: ["gguf", "n2"] } }));
    expect(tagged.map((m) => m.name)).toEqual(["org0/llama-2"]);
    const library = await collect(listModels({ hubUrl: hub.url, search: { tags: ["transformers"] } }));
    expect(library.map((m) => m.name)).toEqual(["org0/bert"]);
    const top = await collect(listModels({ hubUrl: hub.url, sort: "downloads", limit: 2 }));
    expect(top.map((m) => m.name)).toEqual(["org0/llama-6", "org1/llama-5"]);
  });

  it("returns asked-for extra fields", async () => {
    const hub = await testHub({ repos: llamas.slice(0, 1) });
    const [model] = await collect(
      listModels({ hubUrl: hub.url, additionalFields: ["sha", "filePaths", "tags"] }),
    );
    expect(model).toMatchObject({
      sha: hub.repo("org0/llama-0").commit,
      filePaths: ["README.md"],
      tags: ["gguf", "n0"],
    });
  });

  it("hides private repos without a token and shows them with one", async () => {
    const hub = await testHub({ repos: others });
    const anonymous = await collect(listModels({ hubUrl: hub.url }));
    expect(anonymous.map((m) => m.name)).toEqual(["org0/bert", "org1/gated-llama"]);
    expect(anonymous[1]?.gated).toBe("manual");
    const signedIn = await collect(listModels({ hubUrl: hub.url, accessToken: "hf_test" }));
    expect(signedIn.map((m) => m.name)).toContain("org1/secret-llama");
    const datasets = await collect(listDatasets({ hubUrl: hub.url }));
    expect(datasets.map((d) => d.name)).toEqual(["org0/data"]);
  });
});

describe("GET /api/models with plain fetch", () => {
  it("pages by the limit parameter with an absolute next link", async () => {
    const hub = await testHub({ repos: llamas });
    const first = await fetch(`${hub.url}/api/models?limit=5&search=llama`);
    const link = first.headers.get("link") ?? "";
    expect(await first.json()).toHaveLength(5);
    const next = /^<(http:\/\/127\.0\.0\.1:\d+\/api\/models\?[^>]+)>; rel="next"$/.exec(link)?.[1];
    expect(next).toContain("search=llama");
    const second = await fetch(next as string);
    expect(second.headers.get("link")).toBeNull();
    expect(((await second.json()) as Array<{ id: string }>).map((m) => m.id)).toEqual([
      "org1/llama-5",
      "org0/llama-6",
    ]);
  });

  it("selects fields with expand[] and includes siblings with full=true", async () => {
    const hub = await testHub({ repos: llamas.slice(0, 1) });
    const expanded = await (await fetch(`${hub.url}/api/models?expand[]=likes&expand=downloads`)).json();
    expect(expanded).toEqual([{ _id: expect.any(String), id: "org0/llama-0", likes: 7, downloads: 0 }]);
    const [full] = (await (await fetch(`${hub.url}/api/models?full=true`)).json()) as Array<
      Record<string, unknown>
    >;
    expect(full?.siblings).toEqual([{ rfilename: "README.md" }]);
    const [plain] = (await (await fetch(`${hub.url}/api/models`)).json()) as Array<Record<string, unknown>>;
    expect(plain).not.toHaveProperty("siblings");
    expect(plain).toMatchObject({ modelId: "org0/llama-0", author: "org0", pipeline_tag: "text-generation" });
  });

  it("rejects a bad limit and a bad token", async () => {
    const hub = await testHub({ repos: llamas });
    expect((await fetch(`${hub.url}/api/models?limit=0`)).status).toBe(400);
    const bad = await fetch(`${hub.url}/api/models`, { headers: { Authorization: "Bearer nope" } });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ error: "Invalid credentials in Authorization header" });
  });
});
