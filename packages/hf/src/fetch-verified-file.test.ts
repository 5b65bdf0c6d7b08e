import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type FixtureHub, patternBytes } from "@ml-tooling/fixture-hub";
import { describe, expect, it } from "vitest";
import type { HubFetch } from "./create-hub-fetch.js";
import { type FetchFileParams, fetchVerifiedFile, resolveUrl } from "./fetch-verified-file.js";
import { repoDetails } from "./repo-details.js";
import { tempDir } from "./test-utils/temp-dir.js";
import { bytesServed, downloads, hubFetchFor, testHub } from "./test-utils/test-hub.js";
import type { RepoFile } from "./types.js";

const SIZE = 3 * 1024 * 1024 + 17;
const content = Buffer.from(patternBytes(9, 0, SIZE));
const sha256 = createHash("sha256").update(content).digest("hex");
const config = '{"model_type":"llama"}\n';

async function setup(opts: Parameters<typeof testHub>[0] = {}) {
  const hub = await testHub({
    repos: [{ id: "org/m", files: { "w.gguf": { size: SIZE, seed: 9 }, "config.json": config } }],
    ...opts,
  });
  const fetch = hubFetchFor(hub);
  const details = await repoDetails("org/m", { hub: fetch });
  const dest = await tempDir();
  const file = (path: string) => details.files.find((f) => f.path === path) as RepoFile;
  const params = (path: string, more: Partial<FetchFileParams> = {}): FetchFileParams => ({
    hub: fetch,
    repo: "org/m",
    commit: details.commit,
    file: file(path),
    finalPath: join(dest, path),
    retry: { retries: 3, minDelayMs: 1, maxDelayMs: 5 },
    stallTimeoutMs: 5_000,
    ...more,
  });
  return { hub, fetch, details, dest, params };
}

/** Leave a part and its sidecar as a run killed after `bytes` bytes would. */
async function leavePart(hub: FixtureHub, fetch: HubFetch, dest: string, commit: string, bytes: number) {
  await writeFile(join(dest, "w.gguf.part"), content.subarray(0, bytes));
  const sidecar = {
    version: 1,
    url: resolveUrl(fetch.config.endpoint, "org/m", commit, "w.gguf"),
    repo: "org/m",
    path: "w.gguf",
    commit,
    size: SIZE,
    sha256: hub.repo("org/m").files.get("w.gguf")?.sha256,
  };
  await writeFile(join(dest, "w.gguf.part.json"), JSON.stringify(sidecar));
}

describe("fetchVerifiedFile", () => {
  it("downloads, verifies by sha256 (LFS) and git sha1 (small files), renames into place", async () => {
    const { dest, params, hub } = await setup();
    const progress: number[] = [];
    const big = await fetchVerifiedFile(params("w.gguf", { onBytes: (n) => progress.push(n) }));
    expect(big).toMatchObject({ size: SIZE, sha256, reused: false });
    expect(big.blake3).toMatch(/^[0-9a-f]{64}$/);
    expect((await readFile(join(dest, "w.gguf"))).equals(content)).toBe(true);
    expect(progress.at(-1)).toBe(SIZE);
    const small = await fetchVerifiedFile(params("config.json"));
    expect(small.gitSha1).toBe(hub.repo("org/m").files.get("config.json")?.oid);
    expect(small.sha256).toBe(createHash("sha256").update(config).digest("hex"));
    expect((await readdir(dest)).sort()).toEqual(["config.json", "w.gguf"]);
  });

  it("resumes a part its sidecar vouches for with one Range request, hashing the prefix once", async () => {
    const { hub, fetch, details, dest, params } = await setup();
    await leavePart(hub, fetch, dest, details.commit, 1_000_000);
    const stages: string[] = [];
    const result = await fetchVerifiedFile(params("w.gguf", { onVerifying: (s) => stages.push(s) }));
    expect(result.sha256).toBe(sha256);
    expect(downloads(hub, "w.gguf")).toEqual([{ server: "hub", status: 206, range: "bytes=1000000-" }]);
    expect(bytesServed(hub, "w.gguf")).toBe(SIZE - 1_000_000);
    expect(stages).toEqual(["resume", "final"]);
    expect(await readdir(dest)).toEqual(["w.gguf"]);
  });

  it("never trusts a part without a matching sidecar, or longer than the file", async () => {
    const { hub, fetch, details, dest, params } = await setup();
    await writeFile(join(dest, "w.gguf.part"), Buffer.alloc(1000, 7));
    await fetchVerifiedFile(params("w.gguf"));
    expect(downloads(hub, "w.gguf")).toEqual([{ server: "hub", status: 200 }]);

    const other = join(dest, "again");
    await leavePart(hub, fetch, dest, details.commit, 10);
    await writeFile(join(dest, "w.gguf.part"), Buffer.alloc(SIZE + 1));
    await rename(join(dest, "w.gguf.part"), `${other}.part`);
    await rename(join(dest, "w.gguf.part.json"), `${other}.part.json`);
    await fetchVerifiedFile(params("w.gguf", { finalPath: other }));
    expect(downloads(hub, "w.gguf").at(-1)).toEqual({ server: "hub", status: 200 });
    expect((await readFile(other)).equals(content)).toBe(true);
  });

  it("downloads again from zero, once, when a resumed prefix turns out bad", async () => {
    const { hub, fetch, details, dest, params } = await setup();
    await leavePart(hub, fetch, dest, details.commit, 500_000);
    const part = await readFile(join(dest, "w.gguf.part"));
    part[1234] = (part[1234] as number) ^ 0xff;
    await writeFile(join(dest, "w.gguf.part"), part);
    expect((await fetchVerifiedFile(params("w.gguf"))).sha256).toBe(sha256);
    expect(downloads(hub, "w.gguf")).toEqual([
      { server: "hub", status: 206, range: "bytes=500000-" },
      { server: "hub", status: 200 },
    ]);
  });

  it("fails loudly on a corrupted byte: no final file, no part, no sidecar", async () => {
    const { hub, dest, params } = await setup();
    hub.corrupt({ path: "w.gguf", at: 2_000_000 });
    const failure = fetchVerifiedFile(params("w.gguf"));
    await expect(failure).rejects.toMatchObject({
      name: "IntegrityError",
      code: "INTEGRITY",
      algorithm: "sha256",
      expected: sha256,
      message: expect.stringContaining("org/m/w.gguf"),
    });
    expect(await readdir(dest)).toEqual([]);
  });

  it("resumes after dropped connections, 5xx answers and a stall, from the current offset", async () => {
    const { hub, dest, params } = await setup();
    hub.interrupt({ path: "w.gguf", afterBytes: 700_000 });
    let armed = false;
    const onBytes = (n: number) => {
      if (armed || n < 700_000) return;
      armed = true; // once the cut has happened: the next two requests fail, the one after stalls
      hub.fail({ path: "w.gguf", times: 2, status: 503 });
      hub.stall({ path: "w.gguf", afterBytes: 800_000 });
    };
    const result = await fetchVerifiedFile(params("w.gguf", { stallTimeoutMs: 200, onBytes }));
    expect(result.sha256).toBe(sha256);
    expect(downloads(hub, "w.gguf")).toEqual([
      { server: "hub", status: 200 },
      { server: "hub", status: 503, range: "bytes=700000-" },
      { server: "hub", status: 503, range: "bytes=700000-" },
      { server: "hub", status: 206, range: "bytes=700000-" },
      { server: "hub", status: 206, range: "bytes=1500000-" },
    ]);
    expect(bytesServed(hub, "w.gguf")).toBe(SIZE);
    expect((await readFile(join(dest, "w.gguf"))).equals(content)).toBe(true);
  });

  it("starts over when the hub refuses the resume range (416)", async () => {
    const { hub, fetch, details, dest, params } = await setup();
    await leavePart(hub, fetch, dest, details.commit, 1000);
    hub.fail({ path: "w.gguf", status: 416 });
    expect((await fetchVerifiedFile(params("w.gguf"))).sha256).toBe(sha256);
    expect(downloads(hub, "w.gguf")).toEqual([
      { server: "hub", status: 416, range: "bytes=1000-" },
      { server: "hub", status: 200 },
    ]);
  });

  it("gives up after the retries without progress, keeping the part and its sidecar", async () => {
    const { hub, dest, params } = await setup();
    hub.interrupt({ path: "w.gguf", afterBytes: 100_000 });
    let armed = false;
    const onBytes = (n: number) => {
      if (armed || n < 100_000) return;
      armed = true;
      hub.fail({ path: "w.gguf", times: Number.POSITIVE_INFINITY });
    };
    await expect(fetchVerifiedFile(params("w.gguf", { onBytes }))).rejects.toMatchObject({
      code: "NETWORK",
      message: expect.stringMatching(/giving up after 4 failed attempts.*500/),
    });
    expect((await stat(join(dest, "w.gguf.part"))).size).toBe(100_000);
    expect(await readdir(dest)).toEqual(["w.gguf.part", "w.gguf.part.json"]);
  });

  it("stops on abort and keeps the part", async () => {
    const { dest, params } = await setup({ throttle: 4 * 1024 * 1024 });
    const controller = new AbortController();
    const run = fetchVerifiedFile(
      params("w.gguf", { signal: controller.signal, onBytes: (n) => n > 200_000 && controller.abort() }),
    );
    await expect(run).rejects.toMatchObject({ code: "ABORTED", name: "AbortError" });
    expect((await stat(join(dest, "w.gguf.part"))).size).toBeGreaterThan(200_000);
  });

  it("reuses a final file that verifies and never overwrites one that does not", async () => {
    const { hub, dest, params } = await setup();
    await writeFile(join(dest, "w.gguf"), content);
    expect(await fetchVerifiedFile(params("w.gguf"))).toMatchObject({ sha256, reused: true });
    expect(downloads(hub, "w.gguf")).toEqual([]);
    await writeFile(join(dest, "config.json"), config.toUpperCase());
    await expect(fetchVerifiedFile(params("config.json"))).rejects.toMatchObject({ code: "DEST_EXISTS" });
    expect(await readFile(join(dest, "config.json"), "utf8")).toBe(config.toUpperCase());
  });

  it("ends at once, naming the file, when the failure is on this machine", async () => {
    const { hub, dest, params } = await setup();
    await mkdir(join(dest, "w.gguf.part"));
    await expect(fetchVerifiedFile(params("w.gguf"))).rejects.toMatchObject({
      code: "IO_ERROR",
      message: expect.stringContaining(join(dest, "w.gguf")),
    });
    expect(downloads(hub, "w.gguf")).toEqual([]);
  });

  it("refuses a file the hub lists no hash for", async () => {
    const { params } = await setup();
    const unhashed = { path: "w.gguf", size: SIZE, lfs: true };
    await expect(fetchVerifiedFile(params("w.gguf", { file: unhashed }))).rejects.toMatchObject({
      code: "UNVERIFIABLE",
    });
  });
});
