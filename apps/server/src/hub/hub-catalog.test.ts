import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestLibrary, HF_COMMIT, HF_REPO, type TestLibrary } from "../test-utils/test-library.js";
import { HubCatalog, repoIdOf } from "./hub-catalog.js";
import { syntheticCommit } from "./synthetic-commit.js";

describe("HubCatalog", () => {
  let lib: TestLibrary;
  beforeAll(async () => {
    lib = await createTestLibrary();
  });
  afterAll(async () => {
    await lib.cleanup();
  });

  it("puts pulled models under their repo and the others under local/", () => {
    const catalog = new HubCatalog(lib.library, () => 0);
    expect(catalog.list().map((r) => r.id)).toEqual(
      [HF_REPO, ...[lib.ids.llama, lib.ids.qwen, lib.ids.unknown].map((id) => `local/${id}`)].sort(),
    );
    expect(repoIdOf({ id: "m-12345678", repo: "no-slash" })).toBe("local/m-12345678");
    expect(repoIdOf({ id: "m-12345678", repo: "local/spoof" })).toBe("local/m-12345678");
    expect(repoIdOf({ id: "m-12345678", repo: "a/b/c" })).toBe("local/m-12345678");
  });

  it("opens a repo at its commit, with LFS files named by sha256", async () => {
    const catalog = new HubCatalog(lib.library, () => 0);
    const repo = await catalog.repo(HF_REPO);
    expect(repo.head.commit).toBe(HF_COMMIT);
    const file = repo.head.files.get("tiny-Q4_K_M.gguf");
    const record = await lib.library.get(lib.ids.hf);
    expect(file).toMatchObject({
      sha256: record.sha256,
      size: record.size,
      modelId: lib.ids.hf,
      external: false,
    });
    expect(repo.head.dirs.get("")).toMatch(/^[0-9a-f]{40}$/);
    expect((await catalog.snapshot(HF_REPO, "main")).snapshot).toBe(repo.head);
    await expect(catalog.snapshot(HF_REPO, "f".repeat(40))).rejects.toMatchObject({
      hubCode: "RevisionNotFound",
    });
    await expect(catalog.repo("org/none")).rejects.toMatchObject({ hubCode: "RepoNotFound" });
  });

  it("derives a stable commit for local models from their files", async () => {
    const catalog = new HubCatalog(lib.library, () => 0);
    const a = await catalog.repo(`local/${lib.ids.llama}`);
    const b = await new HubCatalog(lib.library, () => 0).repo(`local/${lib.ids.llama}`);
    expect(a.head.commit).toBe(b.head.commit);
    const record = await lib.library.get(lib.ids.llama);
    expect(a.head.commit).toBe(
      syntheticCommit([{ path: record.files[0]?.name as string, sha256: record.sha256 }]),
    );
    expect(syntheticCommit([{ path: "x", sha256: "a".repeat(64) }])).not.toBe(
      syntheticCommit([{ path: "x", sha256: "b".repeat(64) }]),
    );
  });

  it("sees removals once the stamp changes", async () => {
    let stamp = 0;
    const catalog = new HubCatalog(lib.library, () => stamp);
    expect(catalog.list()).toHaveLength(4);
    await lib.library.remove(lib.ids.unknown);
    expect(catalog.list()).toHaveLength(4);
    stamp = 1;
    expect(catalog.list()).toHaveLength(3);
    await expect(catalog.repo(`local/${lib.ids.unknown}`)).rejects.toMatchObject({ code: "REPO_NOT_FOUND" });
  });
});
