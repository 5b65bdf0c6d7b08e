import { mkdtemp, rm, statfs, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkDiskSpace, InsufficientDiskSpaceError } from "./check-disk-space.js";
import { formatBytes } from "./format-bytes.js";

const GiB = 1024 ** 3;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "mlib-progress-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("checkDiskSpace", () => {
  it("passes when nothing is needed and reports the real free space", async () => {
    const result = await checkDiskSpace(dir, 0, { cushionBytes: 0 });
    const info = await statfs(dir);
    expect(result.skipped).toBe(false);
    if (result.skipped) return;
    expect(result.folder).toBe(dir);
    expect(result.bytesNeeded).toBe(0);
    expect(result.cushionBytes).toBe(0);
    // Other processes write meanwhile: compare within a margin.
    expect(Math.abs(result.freeBytes - info.bavail * info.bsize)).toBeLessThan(GiB);
    expect(result.freeBytes).toBeGreaterThan(0);
  });

  it("throws a typed error naming the folder, the need, the cushion and the free space", async () => {
    const huge = 2 ** 62;
    const error = await checkDiskSpace(dir, huge).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InsufficientDiskSpaceError);
    const e = error as InsufficientDiskSpaceError;
    expect(e.code).toBe("ENOSPC_PREFLIGHT");
    expect(e.folder).toBe(dir);
    expect(e.bytesNeeded).toBe(huge);
    expect(e.cushionBytes).toBe(GiB);
    expect(e.freeBytes).toBeGreaterThan(0);
    expect(e.message).toBe(
      `Not enough disk space in ${dir}: need 4.0 EiB + 1.0 GiB cushion, ${formatBytes(e.freeBytes)} free`,
    );
  });

  it("counts the cushion: a need that fits alone fails once the cushion is added", async () => {
    const { freeBytes } = (await checkDiskSpace(dir, 0, { cushionBytes: 0 })) as { freeBytes: number };
    await expect(checkDiskSpace(dir, 0, { cushionBytes: freeBytes * 4 })).rejects.toBeInstanceOf(
      InsufficientDiskSpaceError,
    );
  });

  it("walks up from a path that does not exist yet to the nearest existing folder", async () => {
    const result = await checkDiskSpace(path.join(dir, "a", "b", "c", "model.gguf"), 0, { cushionBytes: 0 });
    expect(result).toMatchObject({ skipped: false, folder: dir });
  });

  it("uses the folder holding an existing file, and walks past a file used as a folder", async () => {
    const file = path.join(dir, "partial.gguf.incomplete");
    await writeFile(file, "x");
    await expect(checkDiskSpace(file, 0, { cushionBytes: 0 })).resolves.toMatchObject({ folder: dir });
    await expect(checkDiskSpace(path.join(file, "sub", "x"), 0, { cushionBytes: 0 })).resolves.toMatchObject({
      folder: dir,
    });
  });

  it("resolves a relative path", async () => {
    const relative = path.relative(process.cwd(), path.join(dir, "new"));
    await expect(checkDiskSpace(relative, 0, { cushionBytes: 0 })).resolves.toMatchObject({ folder: dir });
  });

  it.each([undefined, null, Number.NaN])("skips the check when the size is unknown (%s)", async (size) => {
    await expect(checkDiskSpace(path.join(dir, "x"), size)).resolves.toEqual({
      skipped: true,
      reason: "size unknown",
    });
  });

  it("rejects a negative size or cushion", async () => {
    await expect(checkDiskSpace(dir, -1)).rejects.toThrow(RangeError);
    await expect(checkDiskSpace(dir, 1, { cushionBytes: -1 })).rejects.toThrow(RangeError);
  });
});

describe("InsufficientDiskSpaceError", () => {
  it("words its message in human units", () => {
    const e = new InsufficientDiskSpaceError("/data", 20 * GiB, GiB, 12.3 * GiB);
    expect(e.message).toBe("Not enough disk space in /data: need 20.0 GiB + 1.0 GiB cushion, 12.3 GiB free");
    expect(e.name).toBe("InsufficientDiskSpaceError");
    expect(e).toBeInstanceOf(Error);
  });
});
