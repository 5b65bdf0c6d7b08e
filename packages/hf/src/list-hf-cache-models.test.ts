import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { snapshotDownload } from "@huggingface/hub";
import { describe, expect, it, vi } from "vitest";
import { listHfCacheModels } from "./list-hf-cache-models.js";
import { tempDir } from "./test-utils/temp-dir.js";
import { testHub } from "./test-utils/test-hub.js";

describe("listHfCacheModels", () => {
  it("lists every cached model file with repo, commit, refs, blob and hash, from a real client's cache", async () => {
    vi.spyOn(console, "debug").mockImplementation(() => {});
    const hub = await testHub({
      repos: [
        { id: "org/m", files: { "m.gguf": { size: 2000, seed: 1 }, "cfg/config.json": "{}" } },
        { id: "org/d", type: "dataset", files: { "x.csv": "1,2" } },
      ],
    });
    const cacheDir = await tempDir();
    await snapshotDownload({ repo: "org/m", hubUrl: hub.url, cacheDir });
    await snapshotDownload({ repo: { type: "dataset", name: "org/d" }, hubUrl: hub.url, cacheDir });
    const v2 = hub.addRepo({ id: "org/m", revision: "dev", files: { "m.gguf": { size: 2000, seed: 2 } } });
    await snapshotDownload({ repo: "org/m", revision: "dev", hubUrl: hub.url, cacheDir });
    const storage = join(cacheDir, "models--org--m");
    await mkdir(join(storage, "snapshots", "c".repeat(40)), { recursive: true });
    await symlink("../../blobs/gone", join(storage, "snapshots", "c".repeat(40), "lost.gguf"));
    await writeFile(join(cacheDir, "version.txt"), "1");

    const { files, warnings } = await listHfCacheModels(cacheDir);
    const main = hub.repo("org/m");
    const expected = [
      {
        commit: main.commit,
        revisions: ["main"],
        path: "cfg/config.json",
        info: main.files.get("cfg/config.json"),
      },
      { commit: main.commit, revisions: ["main"], path: "m.gguf", info: main.files.get("m.gguf") },
      { commit: v2.commit, revisions: ["dev"], path: "m.gguf", info: v2.files.get("m.gguf") },
    ].sort((a, b) => (a.commit + a.path < b.commit + b.path ? -1 : 1));
    expect(files).toEqual(
      expected.map(({ commit, revisions, path, info }) => ({
        repo: "org/m",
        revisions,
        commit,
        path,
        snapshotPath: join(storage, "snapshots", commit, ...path.split("/")),
        blobPath: join(storage, "blobs", info?.etag as string),
        size: info?.size,
        ...(info?.lfs ? { sha256: info.sha256 } : { gitSha1: info?.oid }),
      })),
    );
    expect(warnings).toEqual([
      `${join(storage, "snapshots", "c".repeat(40), "lost.gguf")}: points at a missing blob`,
    ]);
  });
});
