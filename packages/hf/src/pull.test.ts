import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { hashFile } from "@ml/hashing";
import { isProgressEvent, KeyedLock, type ProgressEvent } from "@ml/progress";
import { type FixtureRepo, patternBytes } from "@ml-tooling/fixture-hub";
import { describe, expect, it } from "vitest";
import { pull } from "./pull.js";
import { tempDir } from "./test-utils/temp-dir.js";
import { downloads, hubFetchFor, testHub } from "./test-utils/test-hub.js";

const MiB = 1024 * 1024;
const ggufRepo: FixtureRepo = {
  id: "org/llama-GGUF",
  files: {
    "README.md": "# llama\n",
    "llama-Q4_K_M.gguf": { size: 2 * MiB, seed: 1 },
    "llama-Q8_0-00001-of-00002.gguf": { size: MiB, seed: 2 },
    "llama-Q8_0-00002-of-00002.gguf": { size: MiB + 5, seed: 3 },
    "mmproj-llama-F16.gguf": { size: 1000, seed: 4 },
  },
};

describe("pull", () => {
  it("pulls a named quantization: shards and projector, verified, with provenance and progress", async () => {
    const hub = await testHub({ repos: [ggufRepo] });
    const dest = await tempDir();
    const events: ProgressEvent[] = [];
    const result = await pull({
      repo: "org/llama-GGUF:q8_0",
      dest,
      hub: hubFetchFor(hub),
      onProgress: (e) => events.push(e),
      id: "job-1",
    });
    const info = hub.repo("org/llama-GGUF");
    expect(result).toMatchObject({
      repo: "org/llama-GGUF",
      revision: "main",
      commit: info.commit,
      variant: "Q8_0",
    });
    expect(result.files.map((f) => f.path)).toEqual([
      "llama-Q8_0-00001-of-00002.gguf",
      "llama-Q8_0-00002-of-00002.gguf",
      "mmproj-llama-F16.gguf",
    ]);
    for (const file of result.files) {
      const onDisk = await hashFile(file.localPath);
      expect(file).toMatchObject({
        size: onDisk.size,
        sha256: onDisk.sha256,
        blake3: onDisk.blake3,
        reused: false,
      });
      expect(file.sha256).toBe(info.files.get(file.path)?.sha256);
      expect(file.localPath).toBe(join(dest, file.path));
    }
    expect(events.every((e) => isProgressEvent(e) && e.id === "job-1")).toBe(true);
    const types = events.map((e) => e.type);
    expect(types[0]).toBe("started");
    expect(events[0]).toMatchObject({ files: 3, totalBytes: 2 * MiB + 1005 });
    expect(types.at(-1)).toBe("completed");
    expect(types.filter((t) => t === "file_completed")).toHaveLength(3);
    expect(types.filter((t) => t === "verifying")).toHaveLength(3);
    const lastProgress = events
      .filter((e) => e.type === "file_progress" && e.file === "mmproj-llama-F16.gguf")
      .at(-1);
    expect(lastProgress).toMatchObject({ bytesDone: 1000, bytesTotal: 1000 });
  });

  it("takes Q4_K_M by default, a single file by path, and says which variants exist", async () => {
    const hub = await testHub({ repos: [ggufRepo] });
    const hubFetch = hubFetchFor(hub);
    const dest = await tempDir();
    const byDefault = await pull({ repo: "org/llama-GGUF", dest, hub: hubFetch });
    expect(byDefault.variant).toBe("Q4_K_M");
    expect(byDefault.files.map((f) => f.path)).toEqual(["llama-Q4_K_M.gguf", "mmproj-llama-F16.gguf"]);
    const single = await pull({ repo: "org/llama-GGUF/README.md", dest, hub: hubFetch });
    expect(single.variant).toBeUndefined();
    expect(single.files[0]).toMatchObject({
      path: "README.md",
      gitSha1: hub.repo("org/llama-GGUF").files.get("README.md")?.oid,
    });
    const again = await pull({ repo: "org/llama-GGUF", variant: "Q4_K_M", dest, hub: hubFetch });
    expect(again.files.every((f) => f.reused)).toBe(true);
    const events: ProgressEvent[] = [];
    await expect(
      pull({ repo: "org/llama-GGUF:Q2_K", dest, hub: hubFetch, onProgress: (e) => events.push(e) }),
    ).rejects.toMatchObject({
      code: "VARIANT_NOT_FOUND",
      message: expect.stringContaining("available: Q4_K_M, Q8_0"),
    });
    expect(events.at(-1)).toMatchObject({ type: "failed", code: "VARIANT_NOT_FOUND" });
    await expect(
      pull({ repo: "org/llama-GGUF:Q8_0", variant: "Q4_K_M", dest, hub: hubFetch }),
    ).rejects.toMatchObject({
      code: "BAD_SPEC",
    });
  });

  it("gated repo behind a CDN redirect: token to the hub only, Authorization dropped for the other host", async () => {
    const hub = await testHub({ repos: [{ ...ggufRepo, gated: true }], lfsRedirect: true });
    const dest = await tempDir();
    await expect(pull({ repo: "org/llama-GGUF:Q4_K_M", dest, hub: hubFetchFor(hub) })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: expect.stringContaining("HF_TOKEN"),
    });
    const result = await pull({
      repo: "org/llama-GGUF:Q4_K_M",
      dest,
      hub: hubFetchFor(hub, { token: "hf_secret" }),
    });
    expect(result.files).toHaveLength(2);
    const gets = hub.requests.filter(
      (r) => r.method === "GET" && r.path.includes("/resolve/") && r.status !== 401,
    );
    expect(gets.map((r) => [r.server, r.status])).toEqual([
      ["hub", 302],
      ["cdn", 200],
      ["hub", 302],
      ["cdn", 200],
    ]);
    for (const r of gets)
      expect(r.headers.authorization).toBe(r.server === "hub" ? "Bearer hf_secret" : undefined);
    expect((await readFile(join(dest, "llama-Q4_K_M.gguf"))).equals(patternBytes(1, 0, 2 * MiB))).toBe(true);
  });

  it("fails on a corrupted byte from the hub, leaving no final file and no part", async () => {
    const hub = await testHub({ repos: [ggufRepo] });
    hub.corrupt({ path: "llama-Q4_K_M.gguf", at: 1_234_567 });
    const dest = await tempDir();
    const events: ProgressEvent[] = [];
    await expect(
      pull({ repo: "org/llama-GGUF:Q4_K_M", dest, hub: hubFetchFor(hub), onProgress: (e) => events.push(e) }),
    ).rejects.toMatchObject({
      name: "IntegrityError",
      code: "INTEGRITY",
      file: "org/llama-GGUF/llama-Q4_K_M.gguf",
    });
    expect(events.at(-1)).toMatchObject({
      type: "failed",
      code: "INTEGRITY",
      reason: expect.stringContaining("do not match"),
    });
    expect(events.some((e) => e.type === "file_completed")).toBe(false);
    expect(await readdir(dest)).toEqual([]);
  });

  it("holds the repo's lock: a pull waits while a removal of the same model runs", async () => {
    const hub = await testHub({ repos: [ggufRepo] });
    const lock = new KeyedLock();
    let release = () => {};
    const removal = lock.run("org/llama-GGUF", () => new Promise<void>((resolve) => (release = resolve)));
    const dest = await tempDir();
    const pulling = pull({ repo: "org/llama-GGUF/README.md", dest, hub: hubFetchFor(hub), lock });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(hub.requests).toEqual([]);
    release();
    await removal;
    await pulling;
    expect(hub.requests.length).toBeGreaterThan(0);
    expect(lock.isLocked("org/llama-GGUF")).toBe(false);
  });

  it("checks free space for the whole variant before downloading", async () => {
    const hub = await testHub({ repos: [ggufRepo] });
    const dest = await tempDir();
    const events: ProgressEvent[] = [];
    await expect(
      pull({
        repo: "org/llama-GGUF:Q8_0",
        dest,
        hub: hubFetchFor(hub),
        diskCushionBytes: 2 ** 60,
        onProgress: (e) => events.push(e),
      }),
    ).rejects.toMatchObject({ code: "ENOSPC_PREFLIGHT" });
    expect(downloads(hub, "llama-Q8_0-00001-of-00002.gguf")).toEqual([]);
    expect(events.at(-1)).toMatchObject({
      type: "failed",
      code: "ENOSPC_PREFLIGHT",
      reason: expect.stringContaining("Not enough disk space"),
    });
  });

  it("moves the verified files into the hub cache when asked", async () => {
    const hub = await testHub({ repos: [ggufRepo] });
    const [dest, cacheDir] = [await tempDir(), await tempDir()];
    const result = await pull({
      repo: "org/llama-GGUF:Q4_K_M",
      dest,
      hub: hubFetchFor(hub, { cacheDir }),
      toHfCache: true,
    });
    const info = hub.repo("org/llama-GGUF");
    const storage = join(cacheDir, "models--org--llama-GGUF");
    expect(result.files[0]?.localPath).toBe(join(storage, "snapshots", info.commit, "llama-Q4_K_M.gguf"));
    expect((await readdir(join(storage, "blobs"))).sort()).toEqual(
      [info.files.get("llama-Q4_K_M.gguf")?.sha256, info.files.get("mmproj-llama-F16.gguf")?.sha256].sort(),
    );
    expect(await readFile(join(storage, "refs", "main"), "utf8")).toBe(info.commit);
    expect(await readdir(dest)).toEqual([]);
  });
});
