import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FixtureHub, fixtureBytes, startFixtureHub } from "@ml-tooling/fixture-hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../test-utils/run-cli.js";

let hub: FixtureHub;
let dir: string;
let env: NodeJS.ProcessEnv;
const cli = (...args: string[]) => runCli(args, env);
const REPO = "org/Tiny-Model";

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlib-cli-hf-"));
  hub = await startFixtureHub({
    repos: [
      {
        id: REPO,
        files: {
          "README.md": "# tiny\n",
          "tiny-Q4_K_M.gguf": { content: fixtureBytes(40_000, 1), lfs: true },
          "tiny-Q8_0.gguf": { content: fixtureBytes(60_000, 2), lfs: true },
        },
        info: { downloads: 42, tags: ["gguf"], pipeline_tag: "text-generation" },
      },
    ],
  });
  env = {
    MLIB_HOME: join(dir, "library"),
    HF_ENDPOINT: hub.url,
    HF_HOME: join(dir, "hf-home"),
    NO_COLOR: "1",
  };
  await cli("init");
});
afterAll(async () => {
  await hub.close();
  await rm(dir, { recursive: true, force: true });
});

describe("mlib hf, pull, downloads", () => {
  it("hf search lists quantizations; offline it answers from the cache, marked stale, without a request", async () => {
    const live = await cli("hf", "search", "--json", "tiny");
    expect(live.code).toBe(0);
    const item = live.json<{ items: { repo: string; quantizations: string[] }[]; stale: boolean }>();
    expect(item.stale).toBe(false);
    expect(item.items[0]).toMatchObject({ repo: REPO });
    const before = hub.requests.length;
    const offline = await runCli(["hf", "search", "--json", "tiny"], { ...env, HF_HUB_OFFLINE: "1" });
    expect(offline.code).toBe(0);
    expect(offline.json<{ items: { repo: string }[]; stale: boolean }>().items[0]?.repo).toBe(REPO);
    expect(hub.requests.length).toBe(before);
  });

  it("hf info shows the variants", async () => {
    const run = await cli("hf", "info", "--json", REPO);
    expect(run.code).toBe(0);
    const names = run.json<{ variants: { name: string }[] }>().variants.map((v) => v.name);
    expect(names).toEqual(expect.arrayContaining(["Q4_K_M", "Q8_0"]));
  });

  it("pull verifies, imports with provenance, and shows in downloads", async () => {
    const run = await cli("pull", "--json", `${REPO}:Q8_0`);
    expect(run.code).toBe(0);
    const out = run.json<{ files: { path: string; sha256: string }[]; imported: { id: string }[] }>();
    expect(out.files[0]?.sha256).toBe(hub.repo(REPO).files.get("tiny-Q8_0.gguf")?.sha256);
    const shown = (await cli("show", "--json", out.imported[0]?.id ?? "")).json<{
      source: { kind: string; repo: string };
    }>();
    expect(shown.source).toMatchObject({ kind: "download", repo: REPO });
    const list = (await cli("downloads", "ls", "--json")).json<{
      downloads: { spec: string; state: string }[];
    }>();
    expect(list.downloads).toEqual([expect.objectContaining({ spec: `${REPO}:Q8_0`, state: "done" })]);
  });

  it("a hub serving a corrupted byte: the pull fails loudly and nothing is imported", async () => {
    hub.corrupt({ path: "tiny-Q4_K_M.gguf", at: 12_345, times: Number.POSITIVE_INFINITY });
    const run = await cli("pull", `${REPO}:Q4_K_M`);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/sha256|hash|corrupt|mismatch/i);
    expect((await cli("list", "--json", "--quant", "Q4_K_M")).json<{ total: number }>().total).toBe(0);
  });

  it("offline pull: a clear message, exit 2, no connection", async () => {
    const before = hub.requests.length;
    const run = await runCli(["pull", `${REPO}:Q4_K_M`], { ...env, HF_HUB_OFFLINE: "1" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("HF_HUB_OFFLINE");
    expect(hub.requests.length).toBe(before);
  });
});

describe("mlib lookup", () => {
  it("finds a local model's source with certainty by its sha256", async () => {
    const local = join(dir, "tiny.q8_0.gguf");
    await import("node:fs/promises").then((fs) => fs.writeFile(local, fixtureBytes(60_000, 2)));
    // The same bytes are already in the library (pulled above): import a differently named copy elsewhere.
    const other = { ...env, MLIB_HOME: join(dir, "library2") };
    const id =
      (await runCli(["import", "--json", local], other)).json<{ imported: { id: string }[] }>().imported[0]
        ?.id ?? "";
    const run = await runCli(["lookup", "--json", id], other);
    expect(run.code).toBe(0);
    const found = run.json<{ candidates: { repo: string; path: string; certain: boolean }[] }>();
    expect(found.candidates[0]).toMatchObject({ repo: REPO, path: "tiny-Q8_0.gguf", certain: true });
  });
});
