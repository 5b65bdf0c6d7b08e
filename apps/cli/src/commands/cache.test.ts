import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scanCacheDir, snapshotDownload } from "@huggingface/hub";
import { fixtureBytes as bytes, type FixtureHub, startFixtureHub } from "@ml-tooling/fixture-hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../test-utils/run-cli.js";

interface VerifyJson {
  files: { repoId: string; path: string; blob: string; status: string }[];
  verified: number;
  unverifiable: number;
  corrupt: number;
}

let hub: FixtureHub;
let root: string;
let cache: string;
const repo = "org/tiny-llm";
const snap = () => join(cache, "models--org--tiny-llm", "snapshots", hub.repo(repo).commit);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "mlib-cli-cache-"));
  cache = join(root, "hub");
  hub = await startFixtureHub({
    repos: [
      {
        id: repo,
        files: {
          "config.json": JSON.stringify({ model_type: "llama" }),
          "tokenizer.json": JSON.stringify({ version: "1.0", model: { type: "BPE" } }),
          "model-00001-of-00002.safetensors": { content: bytes(70_000, 1), lfs: true },
          "model-00002-of-00002.safetensors": { content: bytes(50_000, 2), lfs: true },
          "gguf/tiny-Q4_K_M.gguf": { content: bytes(30_000, 3), lfs: true },
          "gguf/tiny-Q8_0.gguf": { content: bytes(40_000, 4), lfs: true },
        },
      },
      {
        id: "org/other",
        files: { "README.md": "# other\n", "w.safetensors": { content: bytes(9_000, 5), lfs: true } },
      },
    ],
  });
  await snapshotDownload({ repo, cacheDir: cache, hubUrl: hub.url });
  await snapshotDownload({ repo: "org/other", cacheDir: cache, hubUrl: hub.url });
});
afterAll(async () => {
  await hub.close();
  await rm(root, { recursive: true, force: true });
});

describe("mlib cache on a cache written by the real client", () => {
  it("ls agrees with the official scan and counts files in subfolders", async () => {
    const run = await runCli(["cache", "ls", "--json", "--cache-dir", cache]);
    expect(run.code).toBe(0);
    const ours = run.json<{
      repos: {
        repoId: string;
        repoType: string;
        nbFiles: number;
        sizeOnDisk: number;
        revisions: { commit: string; refs: string[]; nbFiles: number }[];
      }[];
      sizeOnDisk: number;
      warnings: string[];
    }>();
    const official = await scanCacheDir(cache);
    const tiny = ours.repos.find((r) => r.repoId === repo);
    expect(tiny).toMatchObject({ repoType: "model", nbFiles: 6 });
    expect(tiny?.revisions).toEqual([
      { commit: hub.repo(repo).commit, refs: ["main"], nbFiles: 6, size: expect.any(Number) },
    ]);
    // The official JS scan does not descend into snapshot subfolders: it misses gguf/*.
    const officialTiny = official.repos.find((r) => r.id.name === repo);
    expect(officialTiny?.filesCount).toBe(4);
    const other = ours.repos.find((r) => r.repoId === "org/other");
    const officialOther = official.repos.find((r) => r.id.name === "org/other");
    expect(other?.nbFiles).toBe(officialOther?.filesCount);
    expect(other?.sizeOnDisk).toBe(officialOther?.size);
    expect(ours.sizeOnDisk).toBe(ours.repos.reduce((s, r) => s + r.sizeOnDisk, 0));
    expect(ours.warnings).toEqual([]);
  });

  it("verify --deep finds every injected fault, purge removes exactly those, a second verify is clean", async () => {
    const clean = await runCli(["cache", "verify", "--deep", "--json", "--cache-dir", cache]);
    expect(clean.code).toBe(0);
    expect(clean.json<VerifyJson>()).toMatchObject({ corrupt: 0, unverifiable: 0, verified: 8 });

    const info = hub.repo(repo).files;
    const blob = (p: string) => join(cache, "models--org--tiny-llm", "blobs", info.get(p)?.etag ?? "");
    await truncate(blob("model-00001-of-00002.safetensors"), 1000); // truncation
    const flipped = await readFile(blob("gguf/tiny-Q4_K_M.gguf")); // bit flip
    flipped[12_345] = (flipped[12_345] ?? 0) ^ 0x10;
    await writeFile(blob("gguf/tiny-Q4_K_M.gguf"), flipped);
    await writeFile(blob("model-00002-of-00002.safetensors"), ""); // zero-length blob
    await rm(blob("gguf/tiny-Q8_0.gguf")); // dangling pointer
    await writeFile(blob("config.json"), '{"model_type":"evil"}'); // wrong-content small file
    const corruptPaths = [
      "config.json",
      "gguf/tiny-Q4_K_M.gguf",
      "gguf/tiny-Q8_0.gguf",
      "model-00001-of-00002.safetensors",
      "model-00002-of-00002.safetensors",
    ];

    const cheap = await runCli(["cache", "verify", "--json", "--cache-dir", cache]);
    expect(cheap.code).toBe(1); // the cheap checks see the dangling pointer and the empty blob
    expect(cheap.json<VerifyJson>().corrupt).toBe(2);

    const deep = await runCli(["cache", "verify", "--deep", "--json", "--cache-dir", cache]);
    expect(deep.code).toBe(1);
    const report = deep.json<VerifyJson>();
    const bad = report.files
      .filter((f) => f.status === "corrupt")
      .map((f) => f.path)
      .sort();
    expect(bad).toEqual(corruptPaths);
    expect(
      report.files
        .filter((f) => f.status === "verified")
        .map((f) => f.path)
        .sort(),
    ).toEqual(["README.md", "tokenizer.json", "w.safetensors"]);

    const dry = await runCli(["cache", "purge", "--deep", "--dry-run", "--json", "--cache-dir", cache]);
    expect(dry.code).toBe(0);
    expect(dry.json<{ count: number }>().count).toBeGreaterThanOrEqual(5);
    expect((await stat(blob("gguf/tiny-Q4_K_M.gguf"))).size).toBe(30_000); // dry run removed nothing

    const purge = await runCli(["cache", "purge", "--deep", "--json", "--cache-dir", cache]);
    expect(purge.code).toBe(0);
    const removed = purge.json<{ removed: { path: string; blob: string }[]; count: number }>();
    expect(removed.count).toBe(removed.removed.length);
    const snapshotFiles = await readdir(snap(), { recursive: true });
    for (const p of corruptPaths) expect(snapshotFiles).not.toContain(p);
    expect(snapshotFiles).toContain("tokenizer.json");

    const after = await runCli(["cache", "verify", "--deep", "--json", "--cache-dir", cache]);
    expect(after.code).toBe(0);
    expect(after.json<VerifyJson>()).toMatchObject({ corrupt: 0, verified: 3 });
  });
});

describe("mlib cache and doctor on bad input", () => {
  it("a cache folder that does not exist: one line, exit 2", async () => {
    const missing = join(root, "nope");
    for (const cmd of [["ls"], ["verify"], ["purge"]]) {
      const run = await runCli(["cache", ...cmd, "--cache-dir", missing]);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toContain(missing);
    }
  });

  it("a folder that is not a cache: one line, exit 2, nothing deleted", async () => {
    const notCache = join(root, "photos");
    await mkdir(notCache);
    await writeFile(join(notCache, "cat.jpg"), "meow");
    const run = await runCli(["cache", "purge", "--cache-dir", notCache]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(await readFile(join(notCache, "cat.jpg"), "utf8")).toBe("meow");
  });

  it("a symlink loop and a pointer leading outside the cache are reported, and nothing outside is touched", async () => {
    const c = join(root, "hub2");
    const snapDir = join(c, "models--org--x", "snapshots", "a".repeat(40));
    await mkdir(snapDir, { recursive: true });
    await mkdir(join(c, "models--org--x", "blobs"));
    const outside = join(root, "precious.safetensors");
    await writeFile(outside, "user data");
    await symlink(outside, join(snapDir, "model.safetensors"));
    await symlink("loop-b", join(snapDir, "loop-a"));
    await symlink("loop-a", join(snapDir, "loop-b"));
    const verify = await runCli(["cache", "verify", "--deep", "--json", "--cache-dir", c]);
    const files = verify.json<VerifyJson>().files;
    expect(files.find((f) => f.path === "model.safetensors")?.status).not.toBe("verified");
    expect(files.filter((f) => f.path.startsWith("loop-")).every((f) => f.status === "corrupt")).toBe(true);
    const purge = await runCli(["cache", "purge", "--deep", "--cache-dir", c]);
    expect(purge.code).toBe(0);
    expect(await readFile(outside, "utf8")).toBe("user data");
  });

  it("doctor reports corruption with exit 1, repairs it with --repair, then is clean", async () => {
    const c = join(root, "hub3");
    await snapshotDownload({ repo: "org/other", cacheDir: c, hubUrl: hub.url });
    const etag = hub.repo("org/other").files.get("w.safetensors")?.etag ?? "";
    await truncate(join(c, "models--org--other", "blobs", etag), 10);
    const env = { MLIB_HOME: join(root, "lib") };
    const sick = await runCli(["doctor", "--deep", "--json", "--cache-dir", c], env);
    expect(sick.code).toBe(1);
    const report = sick.json<{
      ok: boolean;
      checks: { name: string; status: string }[];
      cache: { corrupt: number };
    }>();
    expect(report.ok).toBe(false);
    expect(report.cache.corrupt).toBe(1);
    const repaired = await runCli(["doctor", "--deep", "--repair", "--json", "--cache-dir", c], env);
    expect(repaired.code).toBe(0);
    const healthy = await runCli(["doctor", "--deep", "--json", "--cache-dir", c], env);
    expect(healthy.code).toBe(0);
    expect(healthy.json<{ ok: boolean }>().ok).toBe(true);
  });

  it("doctor on a fresh machine (no library, no cache) is ok and says where things will go", async () => {
    const home = join(root, "fresh-home");
    const run = await runCli(["doctor"], { HOME: home, NO_COLOR: "1" });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(join(home, ".local", "share", "mlib"));
    expect(run.stdout).toContain(join(home, ".cache", "huggingface", "hub"));
  });
});
