import { existsSync } from "node:fs";
import { mkdir, mkdtemp, open, readdir, readlink, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BLAKE3_ENGINE_ENV } from "./blake3-engine.js";
import { hashFile } from "./hash-file.js";
import { pseudoRandomBytes } from "./test-utils/pseudo-random-bytes.js";
import { b3sumOf, sha256sumOf } from "./test-utils/reference.js";
import { useTempDir } from "./test-utils/temp-dir.js";

const tempDir = useTempDir();
const MiB = 1024 * 1024;

async function fileOf(size: number, seed = size): Promise<string> {
  const path = join(await tempDir(), `f-${size}.bin`);
  await writeFile(path, pseudoRandomBytes(size, seed));
  return path;
}

/** Threads of this process (Linux), or undefined where /proc is missing. */
async function threadCount(): Promise<number | undefined> {
  return existsSync("/proc/self/task") ? (await readdir("/proc/self/task")).length : undefined;
}

/** Whether the thread count drops back to `count` (a terminated worker's thread exits soon, not at once). */
async function threadCountSettlesAt(count: number): Promise<boolean> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (((await threadCount()) ?? 0) <= count) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

async function expectReferenceDigests(path: string, size: number, options = {}): Promise<void> {
  // Concurrently: on the 2 GiB file sha256sum alone takes seconds.
  const [digest, sha256, blake3] = await Promise.all([
    hashFile(path, options),
    sha256sumOf(path),
    b3sumOf(path),
  ]);
  expect(digest).toEqual({ path, size, sha256, blake3 });
}

describe("hashFile digests equal sha256sum and b3sum", () => {
  it.each([0, 1, MiB + 1])("for %i bytes", async (size) => {
    await expectReferenceDigests(await fileOf(size), size);
  });

  // 4 KiB chunks: sizes around one chunk and around the 8-buffer pool (32 KiB), through the worker.
  it.each([4095, 4096, 4097, 8192, 32_768, 32_769, MiB + 1])(
    "for %i bytes read in 4 KiB chunks",
    async (size) => {
      await expectReferenceDigests(await fileOf(size), size, { highWaterMark: 4096 });
    },
  );

  it.each([MiB + 1, 20 * MiB + 3])("for %i bytes on the hash-wasm fallback (blake3: wasm)", async (size) => {
    await expectReferenceDigests(await fileOf(size), size, { blake3: "wasm" });
  });

  it("on the fallback forced by MLIB_BLAKE3=wasm", async () => {
    const saved = process.env[BLAKE3_ENGINE_ENV];
    process.env[BLAKE3_ENGINE_ENV] = "wasm";
    try {
      await expectReferenceDigests(await fileOf(3 * MiB + 5), 3 * MiB + 5, { highWaterMark: 65_536 });
    } finally {
      if (saved === undefined) delete process.env[BLAKE3_ENGINE_ENV];
      else process.env[BLAKE3_ENGINE_ENV] = saved;
    }
  });
});

describe("hashFile on a 2 GiB file", () => {
  let dir: string;
  let path: string;
  const size = 2 * 1024 * MiB;

  beforeAll(async () => {
    // Sparse, with random regions at the start, across the 1 GiB mark (a chunk boundary) and at
    // the end, so both hashes see real data in every part of their trees.
    dir = await mkdtemp(join(tmpdir(), "mlib-hashing-2g-"));
    path = join(dir, "two-gib.bin");
    const handle = await open(path, "w");
    try {
      await handle.truncate(size);
      await handle.write(pseudoRandomBytes(MiB + 7, 1), 0, MiB + 7, 0);
      await handle.write(pseudoRandomBytes(3 * MiB, 2), 0, 3 * MiB, 1024 * MiB - 12_345);
      await handle.write(pseudoRandomBytes(MiB, 3), 0, MiB, size - MiB);
    } finally {
      await handle.close();
    }
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("equals sha256sum and b3sum", { timeout: 120_000 }, async () => {
    await expectReferenceDigests(path, size);
  });
});

describe("hashFile progress and cancellation", () => {
  it("reports progress once per chunk, ending at the size", async () => {
    const path = await fileOf(5 * 65_536 + 10);
    const calls: Array<[number, number]> = [];
    await hashFile(path, { highWaterMark: 65_536, onProgress: (done, total) => calls.push([done, total]) });
    expect(calls.map(([done]) => done)).toEqual(
      [1, 2, 3, 4, 5].map((n) => n * 65_536).concat(5 * 65_536 + 10),
    );
    expect(calls.every(([, total]) => total === 5 * 65_536 + 10)).toBe(true);
  });

  it("calls no progress for an empty file", async () => {
    const calls: number[] = [];
    await hashFile(await fileOf(0), { onProgress: (done) => calls.push(done) });
    expect(calls).toEqual([]);
  });

  it("aborts mid-file: rejects with ABORTED, closes the file and stops the worker", async () => {
    const path = await fileOf(16 * MiB);
    await hashFile(path); // a worker has come and gone; libuv's pool threads exist from now on
    const threadsBefore = await threadCount();
    const controller = new AbortController();
    let lastProgress = 0;
    const hashing = hashFile(path, {
      highWaterMark: 65_536,
      signal: controller.signal,
      onProgress: (done) => {
        lastProgress = done;
        if (done >= 2 * MiB) controller.abort(new Error("user cancelled"));
      },
    });
    await expect(hashing).rejects.toMatchObject({
      code: "ABORTED",
      name: "AbortError",
      message: `${path}: hashing aborted`,
    });
    expect(lastProgress).toBe(2 * MiB);
    if (existsSync("/proc/self/fd")) {
      const fds = await readdir("/proc/self/fd");
      const targets = await Promise.all(fds.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => "")));
      expect(targets).not.toContain(path);
    }
    if (threadsBefore !== undefined) expect(await threadCountSettlesAt(threadsBefore)).toBe(true);
  });

  it("rejects at once for an already-aborted signal", async () => {
    await expect(hashFile("/does/not/matter", { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: "ABORTED",
    });
  });

  it("passes a throwing progress callback's error through, unwrapped", async () => {
    const boom = new Error("sink failed");
    const hashing = hashFile(await fileOf(3 * MiB), {
      onProgress: () => {
        throw boom;
      },
    });
    await expect(hashing).rejects.toBe(boom);
  });
});

describe("hashFile errors name the file", () => {
  it("ENOENT", async () => {
    const path = join(await tempDir(), "missing.gguf");
    await expect(hashFile(path)).rejects.toMatchObject({ code: "ENOENT", message: `${path}: no such file` });
  });

  it("EISDIR", async () => {
    const path = join(await tempDir(), "a-folder");
    await mkdir(path);
    await expect(hashFile(path)).rejects.toMatchObject({
      code: "EISDIR",
      message: `${path}: is a directory, not a file`,
    });
  });

  it.skipIf(!existsSync("/dev/null"))("NOT_A_FILE for a device", async () => {
    await expect(hashFile("/dev/null")).rejects.toMatchObject({ code: "NOT_A_FILE" });
  });

  it("BAD_OPTION for a bad highWaterMark, closing the file", async () => {
    const path = await fileOf(10);
    await expect(hashFile(path, { highWaterMark: -1 })).rejects.toMatchObject({ code: "BAD_OPTION" });
  });
});
