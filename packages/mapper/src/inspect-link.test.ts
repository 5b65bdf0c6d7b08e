import { rm, unlink, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { inspectLink } from "./inspect-link.js";
import type { LinkRecord } from "./link-record.js";
import { linkScene } from "./test-utils/link-scene.js";
import { tempDirs } from "./test-utils/temp-dirs.js";
import { updateExtraModelPaths } from "./update-extra-model-paths.js";

describe("inspectLink", () => {
  const tmp = tempDirs();

  it("symlinks: ok, dangling (ours), replaced (not ours), missing", async () => {
    const s = await linkScene(await tmp());
    const record = await s.make("a", "symlink");
    expect(await inspectLink(record)).toMatchObject({ status: "ok", owned: true });
    await rm(s.source);
    expect(await inspectLink(record)).toMatchObject({ status: "dangling", owned: true });
    await unlink(record.path);
    expect(await inspectLink(record)).toEqual({
      status: "missing",
      owned: false,
      detail: "nothing at this path",
    });
    await writeFile(record.path, "user");
    expect(await inspectLink(record)).toMatchObject({ status: "replaced", owned: false });
  });

  it("hard links: ok while the inode is shared; replaced when the library's file changed (ours) or the link did (not ours)", async () => {
    const s = await linkScene(await tmp());
    const record = await s.make("a", "hardlink");
    expect(await inspectLink(record)).toMatchObject({ status: "ok", owned: true });
    await rm(s.source);
    await writeFile(s.source, "re-downloaded");
    expect(await inspectLink(record)).toMatchObject({ status: "replaced", owned: true });
    await rm(record.path);
    await writeFile(record.path, "user");
    expect(await inspectLink(record)).toMatchObject({
      status: "replaced",
      owned: false,
      detail: "another file is there now",
    });
  });

  it("copies: modified by size or mtime cheaply, by content only when deep", async () => {
    const s = await linkScene(await tmp());
    const record = await s.make("a", "copy");
    expect(await inspectLink(record)).toMatchObject({
      status: "ok",
      owned: true,
      detail: "size and mtime unchanged",
    });
    expect(await inspectLink(record, { deep: true })).toMatchObject({
      status: "ok",
      detail: "content verified",
    });
    // Same size, same mtime, other bytes: only a deep check sees it.
    const flipped = { ...record, sha256: "0".repeat(64) } satisfies LinkRecord;
    expect((await inspectLink(flipped)).status).toBe("ok");
    expect(await inspectLink(flipped, { deep: true })).toMatchObject({ status: "modified", owned: false });
    await utimes(record.path, new Date(), new Date(2001, 1, 1));
    expect(await inspectLink(record)).toMatchObject({ status: "modified", owned: false });
  });

  it("generated files: compared by content", async () => {
    const s = await linkScene(await tmp());
    const record = await s.make("manifest", "manifest", { content: '{"a":1}' });
    expect(await inspectLink(record)).toMatchObject({ status: "ok", owned: true });
    await writeFile(record.path, '{"a":2}');
    expect(await inspectLink(record)).toMatchObject({ status: "modified", owned: false });
  });

  it("config entries: ok while the section holds the key and base path", async () => {
    const dir = await tmp();
    const file = path.join(dir, "extra_model_paths.yaml");
    const record: LinkRecord = {
      id: "c",
      app: "comfyui",
      target: dir,
      path: file,
      kind: "config",
      modelId: "m",
      sourcePath: null,
      size: 0,
      config: { section: "mlib", key: "loras", basePath: "/farm", isDefault: false },
      createdAt: "2025-01-01T00:00:00Z",
    };
    expect(await inspectLink(record)).toMatchObject({
      status: "config-missing",
      detail: "the config file is gone",
    });
    await updateExtraModelPaths(file, "mlib", { base_path: "/farm", loras: "loras" });
    expect(await inspectLink(record)).toMatchObject({ status: "ok", owned: true });
    await updateExtraModelPaths(file, "mlib", { base_path: "/farm", vae: "vae" });
    expect(await inspectLink(record)).toMatchObject({
      status: "config-missing",
      detail: 'section "mlib" has no loras',
    });
    await updateExtraModelPaths(file, "mlib", { base_path: "/elsewhere", loras: "loras" });
    expect((await inspectLink(record)).detail).toBe('section "mlib" no longer points at /farm');
    await writeFile(file, "x: [");
    expect((await inspectLink(record)).detail).toMatch(/not valid YAML/);
  });
});
