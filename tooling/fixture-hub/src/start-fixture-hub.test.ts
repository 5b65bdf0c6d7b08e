import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, readlink, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { downloadFileToCacheDir, snapshotDownload } from "@huggingface/hub";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { FixtureHubError } from "./fixture-hub-error.js";
import { startFixtureHub } from "./start-fixture-hub.js";
import { tempDir } from "./test-utils/temp-dir.js";
import { testHub } from "./test-utils/test-hub.js";
import type { FixtureRepo } from "./types.js";

const gitSha1 = (bytes: Uint8Array) =>
  createHash("sha1").update(`blob ${bytes.byteLength}\0`).update(bytes).digest("hex");
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

const readme = Buffer.from("# tiny\n");
const weights = Buffer.from("not really safetensors");
const deep = Buffer.from('{"deep":true}');
const repo: FixtureRepo = {
  id: "org/tiny",
  files: { "README.md": readme, "model.safetensors": weights, "text_encoder/sub/config.json": deep },
};

beforeEach(() => {
  // The client logs every download with console.debug.
  vi.spyOn(console, "debug").mockImplementation(() => {});
});

describe("the real client's cache written from the fixture hub", () => {
  it("downloadFileToCacheDir: blobs by sha256 (LFS) and git sha1 (small), relative snapshot links", async () => {
    const hub = await testHub({ repos: [repo] });
    const cacheDir = await tempDir();
    const commit = hub.repo("org/tiny").commit;
    const storage = join(cacheDir, "models--org--tiny");

    const lfsPath = await downloadFileToCacheDir({
      repo: "org/tiny",
      path: "model.safetensors",
      hubUrl: hub.url,
      cacheDir,
    });
    expect(lfsPath).toBe(join(storage, "snapshots", commit, "model.safetensors"));
    expect(await readlink(lfsPath)).toBe(`../../blobs/${sha256(weights)}`);
    expect(await readFile(join(storage, "blobs", sha256(weights)))).toEqual(weights);

    const deepPath = await downloadFileToCacheDir({
      repo: "org/tiny",
      path: "text_encoder/sub/config.json",
      hubUrl: hub.url,
      cacheDir,
    });
    expect(await readlink(deepPath)).toBe(`../../../../blobs/${gitSha1(deep)}`);
    expect(await readFile(deepPath)).toEqual(deep);
    expect((await readdir(join(storage, "blobs"))).sort()).toEqual([gitSha1(deep), sha256(weights)].sort());
  });

  it("snapshotDownload: refs/main, every file linked, bytes equal", async () => {
    const hub = await testHub({ repos: [repo] });
    const cacheDir = await tempDir();
    const info = hub.repo("org/tiny");
    const storage = join(cacheDir, info.cacheFolder);

    const folder = await snapshotDownload({ repo: "org/tiny", hubUrl: hub.url, cacheDir });
    expect(folder).toBe(join(storage, "snapshots", info.commit));
    expect(await readFile(join(storage, "refs", "main"), "utf8")).toBe(info.commit);
    for (const [path, bytes] of [
      ["README.md", readme],
      ["model.safetensors", weights],
      ["text_encoder/sub/config.json", deep],
    ] as const) {
      const file = info.files.get(path);
      expect(await readFile(join(folder, path))).toEqual(bytes);
      expect(await readlink(join(folder, path))).toMatch(new RegExp(`^(\\.\\./)+blobs/${file?.etag}$`));
      expect(file?.etag).toBe(file?.lfs ? sha256(bytes) : gitSha1(bytes));
    }
    expect((await readdir(join(storage, "blobs"))).sort()).toEqual(
      [...info.files.values()].map((f) => f.etag).sort(),
    );
    // The client asks for the commit with expand=sha, then lists and fetches at that commit.
    expect(hub.requests[0]?.path).toMatch(/^\/api\/models\/org\/tiny\/revision\/main\?.*expand=sha/);
    expect(
      hub.requests
        .filter((r) => r.path.startsWith("/org/tiny/resolve/"))
        .every((r) => r.path.includes(info.commit)),
    ).toBe(true);
  });

  it("snapshotDownload of a dataset, a branch and a gated repo with a token, with LFS redirects", async () => {
    const hub = await testHub({
      repos: [
        {
          id: "org/data",
          type: "dataset",
          revision: "v1",
          files: { "train/part.parquet": "rows", "README.md": "d" },
        },
        { id: "org/gated", gated: true, files: { "w.gguf": { size: 2_000_000, fill: 3 } } },
      ],
      lfsRedirect: true,
    });
    const cacheDir = await tempDir();
    const data = hub.repo("datasets/org/data", "v1");
    const folder = await snapshotDownload({
      repo: "datasets/org/data",
      revision: "v1",
      hubUrl: hub.url,
      cacheDir,
    });
    expect(await readFile(join(cacheDir, "datasets--org--data", "refs", "v1"), "utf8")).toBe(data.commit);
    expect(await readFile(join(folder, "train/part.parquet"), "utf8")).toBe("rows");

    await expect(snapshotDownload({ repo: "org/gated", hubUrl: hub.url, cacheDir })).rejects.toThrow(
      /restricted/,
    );
    const gated = await snapshotDownload({
      repo: "org/gated",
      hubUrl: hub.url,
      cacheDir,
      accessToken: "hf_test",
    });
    const bytes = await readFile(join(gated, "w.gguf"));
    expect(sha256(bytes)).toBe(hub.repo("org/gated").files.get("w.gguf")?.sha256);
    expect(hub.requests.some((r) => r.server === "cdn" && r.status === 200)).toBe(true);
  });
});

describe("startFixtureHub", () => {
  it("serves repos from a folder, streaming files from disk", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "org/disk/sub"), { recursive: true });
    await mkdir(join(dir, "org/disk/.git"), { recursive: true });
    await mkdir(join(dir, "datasets/org/set"), { recursive: true });
    await writeFile(join(dir, "org/disk/config.json"), "{}");
    await writeFile(join(dir, "org/disk/.git/HEAD"), "ref: refs/heads/main\n");
    await writeFile(join(dir, "datasets/org/set/a.csv"), "1,2");
    // A sparse file: big on paper, nothing on disk.
    await writeFile(join(dir, "org/disk/sub/big.safetensors"), "");
    await truncate(join(dir, "org/disk/sub/big.safetensors"), 12 * 1024 * 1024);

    const hub = await testHub({ fromDir: dir, repos: [{ id: "org/mem", files: { "a.txt": "a" } }] });
    expect([...hub.repos.keys()].sort()).toEqual(["datasets/org/set", "org/disk", "org/mem"]);
    const disk = hub.repo("org/disk");
    expect([...disk.files.keys()].sort()).toEqual(["config.json", "sub/big.safetensors"]);
    expect(disk.files.get("sub/big.safetensors")).toMatchObject({
      lfs: true,
      size: 12 * 1024 * 1024,
      sha256: sha256(Buffer.alloc(12 * 1024 * 1024)),
    });
    const tail = await fetch(`${hub.url}/org/disk/resolve/main/sub/big.safetensors`, {
      headers: { Range: "bytes=-4" },
    });
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(Buffer.alloc(4));
    expect(await (await fetch(`${hub.url}/datasets/org/set/resolve/main/a.csv`)).text()).toBe("1,2");
  });

  it("rejects bad options and unknown repos with FixtureHubError codes", async () => {
    await expect(startFixtureHub({ lfsThreshold: -1 })).rejects.toMatchObject({ code: "INVALID_OPTION" });
    await expect(startFixtureHub({ pageSize: 0 })).rejects.toMatchObject({ code: "INVALID_OPTION" });
    await expect(startFixtureHub({ fromDir: "/nonexistent/fixture" })).rejects.toMatchObject({
      code: "INVALID_OPTION",
      message: expect.stringContaining("/nonexistent/fixture"),
    });
    await expect(startFixtureHub({ repos: [{ id: "a/b/c", files: {} }] })).rejects.toBeInstanceOf(
      FixtureHubError,
    );
    const hub = await testHub();
    expect(() => hub.repo("org/none")).toThrow(expect.objectContaining({ code: "UNKNOWN_REPO" }));
    hub.addRepo({ id: "org/a", files: {} });
    expect(() => hub.repo("org/a", "dev")).toThrow(expect.objectContaining({ code: "UNKNOWN_REVISION" }));
    expect(() => hub.interrupt({ path: "x", afterBytes: -1 })).toThrow(
      expect.objectContaining({ code: "INVALID_OPTION" }),
    );
  });

  it("logs requests with their status and stops on close", async () => {
    const hub = await startFixtureHub({ repos: [repo] });
    expect(hub.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await fetch(`${hub.url}/api/models/org/tiny`, { headers: { "X-Test": "1" } });
    expect(hub.requests).toEqual([
      expect.objectContaining({ server: "hub", method: "GET", path: "/api/models/org/tiny", status: 200 }),
    ]);
    expect(hub.requests[0]?.headers["x-test"]).toBe("1");
    await hub.close();
    await expect(fetch(`${hub.url}/api/models`)).rejects.toThrow();
  });
});
