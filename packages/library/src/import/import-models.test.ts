import { execFileSync } from "node:child_process";
import { lstat, mkdir, readdir, readFile, rm, stat, symlink, truncate, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { hashFile } from "@ml/hashing";
import type { ProgressEvent } from "@ml/progress";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ModelLibrary } from "../store/model-library.js";
import { canBindMount } from "../test-utils/can-bind-mount.js";
import {
  indexSnapshot,
  tempDir,
  writeDiffusersFolder,
  writeLegacyPickle,
  writeLlmGguf,
  writeSafetensorsShards,
} from "../test-utils/library-fixtures.js";

let dir: string;
let cleanup: () => Promise<void>;
let library: ModelLibrary;
let root: string;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  root = join(dir, "library");
  library = await ModelLibrary.open(root, { create: true });
});
afterEach(async () => {
  await library.close();
  await cleanup();
});

const gguf = (name = "Qwen2.5-7B-Instruct-Q4_K_M.gguf", folder = "downloads") =>
  writeLlmGguf(join(dir, folder, name), { arch: "qwen2", dataBytes: 256 * 1024 });

/** Nothing half-done is left and the index is what a rebuild would give. */
async function expectTidy(): Promise<void> {
  expect(await readdir(join(root, ".mlib", "tmp"))).toEqual([]);
  expect(await readdir(join(root, ".mlib", "journal"))).toEqual([]);
  const before = indexSnapshot(library);
  await library.reindex();
  expect(indexSnapshot(library)).toEqual(before);
}

describe("import modes", () => {
  it("copy: the model folder holds a verified copy; the source stays", async () => {
    const source = await gguf();
    const sha256 = (await hashFile(source)).sha256;
    const result = await library.import(source, { mode: "copy", tags: ["chat"] });
    expect(result.skipped).toEqual([]);
    expect(result.imported).toEqual([
      {
        id: `qwen2.5-7b-instruct-q4_k_m-${sha256.slice(0, 8)}`,
        path: source,
        sha256,
        folder: expect.any(String),
      },
    ]);
    const model = await library.get(result.imported[0]?.id as string);
    expect(model.folder).toBe(join(root, "llm", "qwen2", "Qwen2.5-7B-Instruct-Q4_K_M"));
    expect(model).toMatchObject({
      name: "Qwen2.5-7B-Instruct",
      type: "llm",
      architecture: "qwen2",
      quantization: "Q4_K_M",
      format: "gguf",
      tags: ["chat"],
      source: { kind: "import", path: source, mode: "copy" },
    });
    expect((await hashFile(model.files[0]?.path as string)).sha256).toBe(sha256);
    expect(model.files[0]?.blake3).toMatch(/^[0-9a-f]{64}$/);
    expect((await stat(source)).isFile()).toBe(true);
    expect((await readdir(model.folder)).sort()).toEqual([
      "Qwen2.5-7B-Instruct-Q4_K_M.gguf",
      "metadata.json",
    ]);
    await expectTidy();
  });

  it("move on one disk: the file itself is renamed in, the source is gone", async () => {
    const source = await gguf();
    const inode = (await stat(source)).ino;
    const { imported } = await library.import(source, { mode: "move" });
    const model = await library.get(imported[0]?.id as string);
    await expect(lstat(source)).rejects.toMatchObject({ code: "ENOENT" });
    expect((await stat(model.files[0]?.path as string)).ino).toBe(inode);
    expect(model.source.mode).toBe("move");
    await expectTidy();
  });

  it("move across file systems: copied, verified, then the source deleted", async () => {
    const shm = "/dev/shm";
    const elsewhere = await stat(shm).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!elsewhere || (await stat(shm)).dev === (await stat(root)).dev) return; // no second file system here
    const folder = join(shm, `mlib-test-${process.pid}-${Date.now()}`);
    try {
      const source = await writeLlmGguf(join(folder, "Other-Model-Q8_0.gguf"), { fileType: 7 });
      const sha256 = (await hashFile(source)).sha256;
      const events: ProgressEvent[] = [];
      const { imported } = await library.import(source, { mode: "move", onProgress: (e) => events.push(e) });
      await expect(lstat(source)).rejects.toMatchObject({ code: "ENOENT" });
      const model = await library.get(imported[0]?.id as string);
      expect((await hashFile(model.files[0]?.path as string)).sha256).toBe(sha256);
      expect(events.map((e) => e.type)).toContain("verifying");
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("move of a symlink copies what it points to and removes only the link", async () => {
    const target = await gguf("Target-Q4_K_M.gguf", "blobs");
    const link = join(dir, "snapshot", "Linked-Q4_K_M.gguf");
    await mkdir(join(dir, "snapshot"));
    await symlink(target, link);
    const { imported } = await library.import(link, { mode: "move" });
    const model = await library.get(imported[0]?.id as string);
    expect((await lstat(model.files[0]?.path as string)).isFile()).toBe(true);
    await expect(lstat(link)).rejects.toMatchObject({ code: "ENOENT" });
    expect((await stat(target)).isFile()).toBe(true);
  });

  it("hardlink: the library file is the same inode as the source", async () => {
    const source = await gguf();
    const { imported } = await library.import(source, { mode: "hardlink" });
    const model = await library.get(imported[0]?.id as string);
    expect((await stat(model.files[0]?.path as string)).ino).toBe((await stat(source)).ino);
    await expectTidy();
  });

  it("in-place: nothing moves, the folder holds only metadata.json with the external path", async () => {
    const source = await gguf();
    const { imported } = await library.import(source, { mode: "in-place" });
    const model = await library.get(imported[0]?.id as string);
    expect(await readdir(model.folder)).toEqual(["metadata.json"]);
    expect(model.files[0]).toMatchObject({ external_path: source, path: source });
    const onDisk = JSON.parse(await readFile(join(model.folder, "metadata.json"), "utf8"));
    expect(onDisk.files[0].external_path).toBe(source);
    await expectTidy();
  });
});

describe("what is imported", () => {
  it("any member of a shard set imports the whole set with its index", async () => {
    const files = await writeSafetensorsShards(join(dir, "Llama-3-8B"), 3);
    const { imported } = await library.import(files[1] as string, { mode: "copy" });
    expect(imported).toHaveLength(1);
    const model = await library.get(imported[0]?.id as string);
    expect(model.files.map((f) => f.name)).toEqual([
      "model-00001-of-00003.safetensors",
      "model-00002-of-00003.safetensors",
      "model-00003-of-00003.safetensors",
      "model.safetensors.index.json",
    ]);
    expect(model.sha256).toBe((await hashFile(files[0] as string)).sha256);
    expect(model.shards).toMatchObject({ total: 3, complete: true });
    expect(model.size).toBe(model.files.reduce((n, f) => n + f.size, 0));
    await expectTidy();
  });

  it("the set's folder imports the set too", async () => {
    await writeSafetensorsShards(join(dir, "set"), 2);
    const { imported } = await library.import(join(dir, "set"));
    expect(imported).toHaveLength(1);
    expect((await library.get(imported[0]?.id as string)).files).toHaveLength(3);
  });

  it("refuses an incomplete shard set, naming what is missing, and imports nothing", async () => {
    const files = await writeSafetensorsShards(join(dir, "partial"), 4, [1, 3]);
    const result = await library.import(files[0] as string);
    expect(result.imported).toEqual([]);
    expect(result.skipped).toEqual([
      expect.objectContaining({
        code: "INCOMPLETE_SHARDS",
        reason: expect.stringMatching(/have 2\/4, missing 2 and 4/),
      }),
    ]);
    expect(library.list().total).toBe(0);
    await expectTidy();
  });

  it("a diffusers folder is one model with its tree", async () => {
    const folder = await writeDiffusersFolder(join(dir, "sdxl-base"));
    const { imported } = await library.import(folder, { mode: "move" });
    const model = await library.get(imported[0]?.id as string);
    expect(model).toMatchObject({ format: "diffusers", type: "diffusion", name: "sdxl-base" });
    expect(model.files.map((f) => f.name).sort()).toEqual([
      "model_index.json",
      "unet/config.json",
      "unet/diffusion_pytorch_model.safetensors",
      "vae/config.json",
      "vae/diffusion_pytorch_model.safetensors",
    ]);
    expect(model.files[0]?.name).toBe("unet/diffusion_pytorch_model.safetensors"); // largest is primary
    expect(JSON.parse(await readFile(join(model.folder, "unet", "config.json"), "utf8"))._class_name).toBe(
      "UNet2DConditionModel",
    );
    await expect(lstat(folder)).rejects.toMatchObject({ code: "ENOENT" }); // emptied by the move
    await expectTidy();
  });

  it("a plain folder imports each model in it and ignores other files", async () => {
    await gguf("A-Q4_K_M.gguf", "mixed");
    await gguf("B-Q4_K_M.gguf", "mixed/sub");
    await writeFile(join(dir, "mixed", "README.txt"), "hello");
    const result = await library.import(join(dir, "mixed"));
    expect(result.imported.map((m) => basename(m.path)).sort()).toEqual(["A-Q4_K_M.gguf", "B-Q4_K_M.gguf"]);
    expect(result.skipped).toEqual([]);
  });

  it("an unknown file given by name is imported as type unknown", async () => {
    const source = join(dir, "mystery.bin");
    await writeFile(source, "not a model format");
    const { imported } = await library.import(source);
    const model = await library.get(imported[0]?.id as string);
    expect(model).toMatchObject({ type: "unknown", format: "unknown", family: "unknown" });
    expect(model.folder).toBe(join(root, "unknown", "unknown", "mystery"));
  });

  it("a forced type is stored as the user's override", async () => {
    const { imported } = await library.import(await gguf(), { type: "embedding" });
    const model = await library.get(imported[0]?.id as string);
    expect(model.type).toBe("embedding");
    expect(model.overrides).toEqual({ type: "embedding" });
    expect(model.folder.startsWith(join(root, "embedding"))).toBe(true);
  });
});

describe("refusals", () => {
  it("skips a duplicate without a second copy, naming the model that has it", async () => {
    const source = await gguf();
    const first = await library.import(source);
    const copy = join(dir, "renamed.gguf");
    await writeFile(copy, await readFile(source));
    const second = await library.import([source, copy], { mode: "move" });
    const id = first.imported[0]?.id;
    expect(second.imported).toEqual([]);
    expect(second.skipped).toEqual([
      { path: source, code: "DUPLICATE", reason: `already in the library as ${id}`, existingId: id },
      { path: copy, code: "DUPLICATE", reason: `already in the library as ${id}`, existingId: id },
    ]);
    expect((await stat(copy)).isFile()).toBe(true); // a refused move leaves the file alone
    expect(library.list().total).toBe(1);
    await expectTidy();
  });

  it("refuses pickle unless allowed", async () => {
    const source = await writeLegacyPickle(join(dir, "4x-upscaler.pth"));
    const refused = await library.import(source);
    expect(refused.skipped).toEqual([
      expect.objectContaining({ code: "UNSAFE", reason: expect.stringMatching(/pickle/) }),
    ]);
    const allowed = await library.import(source, { allowPickle: true });
    const model = await library.get(allowed.imported[0]?.id as string);
    expect(model).toMatchObject({ format: "pickle", unsafe: "pickle", type: "upscaler" });
  });

  it("refuses sources inside .mlib or inside a model folder", async () => {
    const { imported } = await library.import(await gguf());
    const model = await library.get(imported[0]?.id as string);
    const inState = join(root, ".mlib", "stray.gguf");
    await writeFile(inState, "x");
    const result = await library.import([model.files[0]?.path as string, model.folder, inState]);
    expect(result.imported).toEqual([]);
    expect(result.skipped.map((s) => s.code)).toEqual(["INSIDE_LIBRARY", "INSIDE_LIBRARY", "INSIDE_LIBRARY"]);
  });

  it("reports a missing path and a corrupt file without stopping the others", async () => {
    const truncated = join(dir, "broken.gguf");
    await writeFile(truncated, (await readFile(await gguf())).subarray(0, 200));
    const good = await gguf("Good-Q4_K_M.gguf", "other");
    const result = await library.import([join(dir, "nope.gguf"), truncated, good]);
    expect(result.skipped.map((s) => s.code)).toEqual(["NOT_FOUND", "UNREADABLE"]);
    expect(result.skipped[1]?.reason).toContain("broken.gguf");
    expect(result.imported).toHaveLength(1);
  });

  it("checks the disk has room before copying", async () => {
    const huge = join(dir, "huge.bin");
    await writeFile(huge, "");
    await truncate(huge, 2 ** 40); // sparse: 1 TiB that costs nothing
    const result = await library.import(huge, { mode: "copy" });
    expect(result.skipped).toEqual([
      expect.objectContaining({ code: "NO_SPACE", reason: expect.stringMatching(/^Not enough disk space/) }),
    ]);
    await expectTidy();
  });

  it("refuses hardlinks across file systems", async () => {
    const shm = "/dev/shm";
    if (!(await stat(shm).catch(() => null)) || (await stat(shm)).dev === (await stat(root)).dev) return;
    const folder = join(shm, `mlib-test-${process.pid}-${Date.now()}`);
    try {
      const source = await writeLlmGguf(join(folder, "x.gguf"));
      const result = await library.import(source, { mode: "hardlink" });
      expect(result.skipped).toEqual([expect.objectContaining({ code: "CROSS_DEVICE" })]);
      await expectTidy();
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

const CAN_BIND_MOUNT = await canBindMount();

describe("link refusals", () => {
  it.runIf(CAN_BIND_MOUNT)(
    "a hard link the file system refuses on the same device (bind mount) is a LINK_REFUSED skip",
    async () => {
      const outside = join(dir, "outside");
      const bound = join(dir, "bound");
      await mkdir(bound);
      const source = await writeLlmGguf(join(outside, "Bound-Q4_K_M.gguf"));
      execFileSync("mount", ["--bind", outside, bound]);
      try {
        const result = await library.import(join(bound, "Bound-Q4_K_M.gguf"), { mode: "hardlink" });
        expect(result.imported).toEqual([]);
        expect(result.skipped).toEqual([
          expect.objectContaining({ code: "LINK_REFUSED", reason: expect.stringContaining("EXDEV") }),
        ]);
        expect((await stat(source)).nlink).toBe(1);
        await expectTidy();
      } finally {
        execFileSync("umount", [bound]);
      }
    },
  );
});

describe("progress, abort and events", () => {
  it("reports started, per-file progress and completion under one id", async () => {
    const events: ProgressEvent[] = [];
    await library.import(await gguf(), { onProgress: (e) => events.push(e) });
    const types = events.map((e) => e.type);
    expect(types[0]).toBe("started");
    expect(types).toContain("file_started");
    expect(types).toContain("file_progress");
    expect(types.at(-2)).toBe("file_completed");
    expect(types.at(-1)).toBe("completed");
    expect(new Set(events.map((e) => e.id)).size).toBe(1);
  });

  it("an aborted move puts the file back and leaves nothing behind", async () => {
    const source = await writeLlmGguf(join(dir, "big", "Big-Q4_K_M.gguf"), { dataBytes: 8 * 1024 * 1024 });
    const sha256 = (await hashFile(source)).sha256;
    const controller = new AbortController();
    const importing = library.import(source, {
      mode: "move",
      signal: controller.signal,
      onProgress: (e) => e.type === "file_progress" && controller.abort(),
    });
    await expect(importing).rejects.toThrow(/abort/i);
    expect((await hashFile(source)).sha256).toBe(sha256);
    expect(library.list().total).toBe(0);
    await expectTidy();
  });

  it("tells onChange listeners about each added model", async () => {
    const changes: unknown[] = [];
    library.onChange((c) => changes.push(c));
    const { imported } = await library.import(await gguf());
    expect(changes).toEqual([{ kind: "added", id: imported[0]?.id }]);
  });
});
