import { readdir, readFile, readlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { downloadFileToCacheDir, scanCacheDir } from "@huggingface/hub";
import { describe, expect, it, vi } from "vitest";
import { pull } from "./pull.js";
import { tempDir } from "./test-utils/temp-dir.js";
import { hubFetchFor, testHub } from "./test-utils/test-hub.js";
import { writeToHfCache } from "./write-to-hf-cache.js";

const repo = {
  id: "org/tiny",
  files: { "model.gguf": { size: 300_000, seed: 5 }, "sub/dir/config.json": '{"a":1}' },
};

describe("writeToHfCache", () => {
  it("writes the official layout: the real client finds the files without downloading them", async () => {
    vi.spyOn(console, "debug").mockImplementation(() => {});
    const hub = await testHub({ repos: [repo] });
    const [dest, cacheDir] = [await tempDir(), await tempDir()];
    const pulled = await pull({ repo: "org/tiny:model", dest, hub: hubFetchFor(hub) });
    const config = await pull({ repo: "org/tiny/sub/dir/config.json", dest, hub: hubFetchFor(hub) });
    const info = hub.repo("org/tiny");
    const files = [...pulled.files, ...config.files].map((f) => ({
      path: f.path,
      localPath: f.localPath,
      etag: f.gitSha1 ?? f.sha256,
    }));
    const entries = await writeToHfCache({
      cacheDir,
      repo: "org/tiny",
      commit: info.commit,
      revision: "main",
      files,
    });
    const storage = join(cacheDir, "models--org--tiny");
    expect(entries.map((e) => e.snapshotPath)).toEqual([
      join(storage, "snapshots", info.commit, "model.gguf"),
      join(storage, "snapshots", info.commit, "sub", "dir", "config.json"),
    ]);
    expect(await readlink(entries[1]?.snapshotPath as string)).toBe(
      `../../../../blobs/${info.files.get("sub/dir/config.json")?.oid}`,
    );
    expect(await readFile(join(storage, "refs", "main"), "utf8")).toBe(info.commit);
    expect(await readdir(dest)).toEqual(["model.gguf", "sub"]);

    const scan = await scanCacheDir(cacheDir);
    expect(scan.warnings).toEqual([]);
    expect(scan.repos).toHaveLength(1);
    expect(scan.repos[0]).toMatchObject({
      id: { name: "org/tiny", type: "model" },
      filesCount: 1,
      size: 300_000,
    });
    expect(scan.repos[0]?.revisions[0]).toMatchObject({ commitOid: info.commit, refs: ["main"] });

    const asked = hub.requests.length;
    for (const path of ["model.gguf", "sub/dir/config.json"]) {
      const found = await downloadFileToCacheDir({ repo: "org/tiny", path, hubUrl: hub.url, cacheDir });
      expect(found).toBe(join(storage, "snapshots", info.commit, ...path.split("/")));
    }
    const later = hub.requests.slice(asked);
    expect(later.length).toBeGreaterThan(0);
    expect(later.filter((r) => r.method === "GET" && r.path.includes("/resolve/"))).toEqual([]);
  });

  it("keeps an existing blob, consumes sources in move mode, and checks its input", async () => {
    const [dir, cacheDir] = [await tempDir(), await tempDir()];
    const etag = "a".repeat(64);
    const commit = "b".repeat(40);
    await writeFile(join(dir, "one"), "first");
    await writeFile(join(dir, "two"), "second");
    const write = (localPath: string) =>
      writeToHfCache({
        cacheDir,
        repo: "o/r",
        commit,
        mode: "move",
        files: [{ path: "m.gguf", localPath, etag }],
      });
    const [entry] = await write(join(dir, "one"));
    await write(join(dir, "two"));
    expect(await readFile(entry?.blobPath as string, "utf8")).toBe("first");
    expect(await readdir(dir)).toEqual([]);
    await expect(
      writeToHfCache({
        cacheDir,
        repo: "o/r",
        commit,
        files: [{ path: "m.gguf", localPath: "x", etag: "XYZ" }],
      }),
    ).rejects.toMatchObject({ code: "BAD_SPEC" });
    await expect(
      writeToHfCache({ cacheDir, repo: "o/r", commit, files: [{ path: "../m.gguf", localPath: "x", etag }] }),
    ).rejects.toMatchObject({ code: "BAD_SPEC" });
    await expect(writeToHfCache({ cacheDir, repo: "o/r", commit: "main", files: [] })).rejects.toMatchObject({
      code: "BAD_SPEC",
    });
  });
});
