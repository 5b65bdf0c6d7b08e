import { execFileSync } from "node:child_process";
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { snapshotDownload } from "@huggingface/hub";
import { listHfCacheModels } from "@ml/hf";
import { type FixtureHub, startFixtureHub } from "@ml-tooling/fixture-hub";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ModelLibrary } from "../store/model-library.js";
import { canBindMount } from "../test-utils/can-bind-mount.js";
import { llmGguf, writeLegacyPickle } from "../test-utils/library-fixtures.js";
import { KOHYA_SD15_LORA, LLAMA_LAYER } from "../test-utils/model-fixtures.js";
import { writeSafetensors } from "../test-utils/safetensors-writer.js";

let hub: FixtureHub;
let dir: string;
let cacheDir: string;

const LLAMA_CONFIG = JSON.stringify({ architectures: ["LlamaForCausalLM"], model_type: "llama" });

/** The bytes a test-utils writer puts in a file. */
async function bytesOf(write: (path: string) => Promise<unknown>): Promise<Buffer> {
  const path = join(dir, `scratch-${Math.random().toString(36).slice(2)}`);
  await write(path);
  const bytes = await readFile(path);
  await rm(path);
  return bytes;
}

beforeAll(async () => {
  vi.spyOn(console, "debug").mockImplementation(() => {});
  dir = await mkdtemp(join(tmpdir(), "library-adopt-hf-"));
  cacheDir = join(dir, "hf-cache");
  hub = await startFixtureHub({
    repos: [
      {
        id: "org/Tiny-Llama-GGUF",
        files: {
          "README.md": "# tiny\n",
          "Tiny-Llama-Q4_K_M.gguf": { content: llmGguf({ name: "Tiny Llama" }), lfs: true },
          "Tiny-Llama-Q8_0.gguf": { content: llmGguf({ name: "Tiny Llama", fileType: 7 }), lfs: true },
        },
      },
      {
        id: "org/tiny-llama-hf",
        files: {
          "config.json": LLAMA_CONFIG,
          "tokenizer.json": "{}",
          "model.safetensors": {
            content: await bytesOf((p) => writeSafetensors(p, [...LLAMA_LAYER(0), ...LLAMA_LAYER(1)])),
            lfs: true,
          },
        },
      },
      {
        id: "org/sd-lora",
        files: {
          "pytorch_lora_weights.safetensors": {
            content: await bytesOf((p) => writeSafetensors(p, KOHYA_SD15_LORA)),
            lfs: true,
          },
        },
      },
      {
        id: "org/old-ckpt",
        files: { "old.ckpt": { content: await bytesOf(writeLegacyPickle), lfs: true } },
      },
    ],
  });
  for (const repo of ["org/Tiny-Llama-GGUF", "org/tiny-llama-hf", "org/sd-lora", "org/old-ckpt"])
    await snapshotDownload({ repo, hubUrl: hub.url, cacheDir });
});
afterAll(async () => {
  await hub.close();
  await rm(dir, { recursive: true, force: true });
});

/** /dev/shm on its own file system (tmpfs) next to tmpdir's. */
async function hasSecondFileSystem(): Promise<boolean> {
  const shm = await stat("/dev/shm").catch(() => null);
  return shm?.isDirectory() === true && shm.dev !== (await stat(tmpdir())).dev;
}

async function freshLibrary(name: string): Promise<ModelLibrary> {
  return ModelLibrary.open(join(dir, name), { create: true });
}

const blobOf = (repo: string, file: string) =>
  join(
    cacheDir,
    `models--${repo.replace("/", "--")}`,
    "blobs",
    hub.repo(repo).files.get(file)?.etag as string,
  );

const SECOND_FILE_SYSTEM = await hasSecondFileSystem();
const CAN_BIND_MOUNT = await canBindMount();

describe("adoptHfCache", () => {
  it("hard-links every model of the cache into the library with its provenance; the cache stays whole", async () => {
    const library = await freshLibrary("lib-auto");
    try {
      const before = await listHfCacheModels(cacheDir);
      const result = await library.adoptHfCache({ cacheDir });
      expect(result.skipped).toEqual([
        expect.objectContaining({ code: "UNSAFE", path: expect.stringContaining("old.ckpt") }),
      ]);
      expect(result.warnings).toEqual([]);
      const models = await Promise.all(result.imported.map((m) => library.get(m.id)));
      const byName = (name: string) => models.filter((m) => m.name === name);

      const gguf = hub.repo("org/Tiny-Llama-GGUF");
      expect(
        byName("Tiny-Llama")
          .map((m) => m.quantization)
          .sort(),
      ).toEqual(["Q4_K_M", "Q8_0"]);
      const q4 = byName("Tiny-Llama").find((m) => m.quantization === "Q4_K_M");
      expect(q4?.source).toMatchObject({
        kind: "adopt",
        repo: "org/Tiny-Llama-GGUF",
        revision: "main",
        commit: gguf.commit,
        file: "Tiny-Llama-Q4_K_M.gguf",
        mode: "hardlink",
      });
      expect(q4?.sha256).toBe(gguf.files.get("Tiny-Llama-Q4_K_M.gguf")?.sha256);
      // The library's file is the cache's blob itself: one inode, two names.
      const blob = blobOf("org/Tiny-Llama-GGUF", "Tiny-Llama-Q4_K_M.gguf");
      expect((await stat(q4?.files[0]?.path as string)).ino).toBe((await stat(blob)).ino);
      expect((await stat(blob)).nlink).toBe(2);

      // A transformers folder is one model named after its repo, with its configs.
      const [folder] = byName("tiny-llama-hf");
      expect(folder).toMatchObject({ type: "llm", architecture: "llama", format: "hf-repo" });
      expect(folder?.source).toMatchObject({
        kind: "adopt",
        repo: "org/tiny-llama-hf",
        commit: hub.repo("org/tiny-llama-hf").commit,
      });
      expect(folder?.source.file).toBeUndefined();
      expect(folder?.files.map((f) => f.name).sort()).toEqual([
        "config.json",
        "model.safetensors",
        "tokenizer.json",
      ]);

      // A file whose name says nothing is named after its repo.
      expect(byName("sd-lora")[0]).toMatchObject({
        type: "lora",
        source: { file: "pytorch_lora_weights.safetensors" },
      });

      expect(models).toHaveLength(4);
      expect((await library.verify()).ok).toBe(4);
      // The cache lists exactly what it listed before, every link still resolving.
      expect(await listHfCacheModels(cacheDir)).toEqual(before);
      expect(await readdir(library.paths.tmp)).toEqual([]);
    } finally {
      await library.close();
    }
  });

  it("a second adopt finds every model already there and adds nothing", async () => {
    const library = await freshLibrary("lib-again");
    try {
      const first = await library.adoptHfCache({ cacheDir, repos: ["org/tiny-llama-gguf"] });
      expect(first.imported).toHaveLength(2);
      const again = await library.adoptHfCache({ cacheDir, repos: ["org/Tiny-Llama-GGUF"] });
      expect(again.imported).toEqual([]);
      expect(again.skipped.map((s) => s.code)).toEqual(["DUPLICATE", "DUPLICATE"]);
      expect(again.skipped.map((s) => s.existingId).sort()).toEqual(first.imported.map((m) => m.id).sort());
      expect(library.list().total).toBe(2);
    } finally {
      await library.close();
    }
  });

  it("in-place: registers the snapshot files where they are, linking nothing", async () => {
    const library = await freshLibrary("lib-in-place");
    try {
      const blob = blobOf("org/sd-lora", "pytorch_lora_weights.safetensors");
      const links = (await stat(blob)).nlink;
      const result = await library.adoptHfCache({ cacheDir, repos: ["org/sd-lora"], mode: "in-place" });
      const model = await library.get(result.imported[0]?.id as string);
      const snapshotFile = join(
        cacheDir,
        "models--org--sd-lora",
        "snapshots",
        hub.repo("org/sd-lora").commit,
        "pytorch_lora_weights.safetensors",
      );
      expect(model.files[0]?.path).toBe(snapshotFile);
      expect(model.source.mode).toBe("in-place");
      expect((await stat(blob)).nlink).toBe(links);
      expect((await library.verify([model.id])).ok).toBe(1);
    } finally {
      await library.close();
    }
  });

  it("a blob whose bytes do not match its sha256 name is refused, and nothing is imported or changed", async () => {
    const repo = "org/damaged";
    hub.addRepo({
      id: repo,
      files: { "Damaged-Q4_K_M.gguf": { content: llmGguf({ name: "Damaged" }), lfs: true } },
    });
    const damagedCache = join(dir, "damaged-cache");
    await snapshotDownload({ repo, hubUrl: hub.url, cacheDir: damagedCache });
    const blob = join(
      damagedCache,
      "models--org--damaged",
      "blobs",
      hub.repo(repo).files.get("Damaged-Q4_K_M.gguf")?.etag as string,
    );
    const bytes = await readFile(blob);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1); // a flipped byte in the tensor data: still a valid GGUF
    await writeFile(blob, bytes);

    const library = await freshLibrary("lib-damaged");
    try {
      const result = await library.adoptHfCache({ cacheDir: damagedCache });
      expect(result.imported).toEqual([]);
      expect(result.skipped).toEqual([
        expect.objectContaining({
          code: "CORRUPT",
          reason: expect.stringMatching(/not the expected .*damaged or half-written/),
        }),
      ]);
      expect(library.list().total).toBe(0);
      expect(await readdir(library.paths.tmp)).toEqual([]);
      expect((await stat(blob)).nlink).toBe(1);
      expect(await readFile(blob)).toEqual(bytes);
    } finally {
      await library.close();
    }
  });

  it("names what it cannot do: a repo not in the cache, a folder that is no cache", async () => {
    const library = await freshLibrary("lib-bad");
    try {
      const result = await library.adoptHfCache({ cacheDir, repos: ["org/absent"] });
      expect(result).toMatchObject({
        imported: [],
        skipped: [
          { path: "org/absent", code: "NOT_FOUND", reason: `not in the Hugging Face cache ${cacheDir}` },
        ],
      });
      await expect(library.adoptHfCache({ cacheDir: join(dir, "nowhere") })).rejects.toMatchObject({
        code: "NOT_FOUND",
        message: expect.stringContaining("HF_HUB_CACHE"),
      });
      await expect(lstat(join(dir, "nowhere"))).rejects.toMatchObject({ code: "ENOENT" });
    } finally {
      await library.close();
    }
  });

  it.runIf(SECOND_FILE_SYSTEM)(
    "across file systems, auto registers in place instead of hard-linking",
    async () => {
      const shm = await mkdtemp("/dev/shm/mlib-adopt-hf-");
      const library = await freshLibrary("lib-cross");
      try {
        const otherCache = join(shm, "hub");
        await snapshotDownload({ repo: "org/sd-lora", hubUrl: hub.url, cacheDir: otherCache });
        const linked = await library.adoptHfCache({ cacheDir: otherCache, mode: "hardlink" });
        expect(linked.skipped.map((s) => s.code)).toEqual(["CROSS_DEVICE"]);
        const result = await library.adoptHfCache({ cacheDir: otherCache });
        const model = await library.get(result.imported[0]?.id as string);
        expect(model.source.mode).toBe("in-place");
        expect(model.files[0]?.path.startsWith(otherCache)).toBe(true);
      } finally {
        await library.close();
        await rm(shm, { recursive: true, force: true });
      }
    },
  );

  it.runIf(CAN_BIND_MOUNT)(
    "auto falls back to in-place when the file system refuses the link (a bind mount: EXDEV)",
    async () => {
      const bound = join(dir, "bound-cache");
      await mkdir(bound);
      execFileSync("mount", ["--bind", cacheDir, bound]);
      const library = await freshLibrary("lib-bind");
      try {
        expect((await stat(bound)).dev).toBe((await stat(library.paths.tmp)).dev);
        const result = await library.adoptHfCache({ cacheDir: bound, repos: ["org/sd-lora"] });
        expect(result.skipped).toEqual([]);
        const model = await library.get(result.imported[0]?.id as string);
        expect(model.source.mode).toBe("in-place");
        expect(model.files[0]?.path.startsWith(bound)).toBe(true);
        expect(await readdir(library.paths.tmp)).toEqual([]);
      } finally {
        await library.close();
        execFileSync("umount", [bound]);
      }
    },
  );
});
