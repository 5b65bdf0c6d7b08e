import { randomBytes } from "node:crypto";
import { mkdtemp, open, readFile, rm, stat, statfs, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { hashFile } from "@ml/hashing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDir } from "../test-utils/library-fixtures.js";
import { transferFile } from "./transfer-file.js";

let dir: string;
let cleanup: () => Promise<void>;
let source: string;
let bytes: Buffer;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  source = join(dir, "source.bin");
  bytes = randomBytes(300_000);
  await writeFile(source, bytes);
});
afterEach(() => cleanup());

describe("transferFile", () => {
  it.each(["copy", "verified-copy"] as const)(
    "%s leaves the source and returns the copy's digest",
    async (how) => {
      const dest = join(dir, "dest.bin");
      const verifying: string[] = [];
      const digest = await transferFile(source, dest, how, { onVerifying: () => verifying.push(dest) });
      expect(Buffer.compare(await readFile(dest), bytes)).toBe(0);
      expect(await readFile(source)).toHaveLength(bytes.length);
      expect(digest.sha256).toBe((await hashFile(source)).sha256);
      expect(verifying).toHaveLength(how === "verified-copy" ? 1 : 0);
    },
  );

  it("rename moves the file itself", async () => {
    const before = await stat(source);
    const dest = join(dir, "dest.bin");
    const digest = await transferFile(source, dest, "rename");
    await expect(stat(source)).rejects.toMatchObject({ code: "ENOENT" });
    expect((await stat(dest)).ino).toBe(before.ino);
    expect(digest.size).toBe(bytes.length);
  });

  it("hardlink shares the inode and leaves the source", async () => {
    const dest = join(dir, "dest.bin");
    const digest = await transferFile(source, dest, "hardlink");
    expect((await stat(dest)).ino).toBe((await stat(source)).ino);
    expect((await stat(source)).nlink).toBe(2);
    expect(digest.sha256).toBe((await hashFile(source)).sha256);
  });
});

// Set by .ci/run when it can mount a file system that clones (XFS with reflink on a loop device).
const REFLINK_DIR = process.env.MLIB_TEST_REFLINK_DIR;

describe.runIf(REFLINK_DIR)("transferFile on a file system that clones (MLIB_TEST_REFLINK_DIR)", () => {
  it("copy clones: the copy takes no new blocks, has the source's bytes and digest, and stays separate", async () => {
    const folder = await mkdtemp(join(REFLINK_DIR as string, "mlib-clone-"));
    try {
      const src = join(folder, "source.bin");
      const big = randomBytes(32 * 1024 * 1024);
      const handle = await open(src, "w");
      await handle.writeFile(big);
      await handle.sync();
      await handle.close();
      const used = async () => {
        const s = await statfs(folder);
        return (s.blocks - s.bfree) * s.bsize;
      };
      const before = await used();
      const dest = join(folder, "copy.bin");
      const digest = await transferFile(src, dest, "copy");
      // A byte-for-byte copy would take 32 MiB more; a clone shares the source's extents.
      expect((await used()) - before).toBeLessThan(4 * 1024 * 1024);
      expect(digest.sha256).toBe((await hashFile(src)).sha256);
      expect(Buffer.compare(await readFile(dest), big)).toBe(0);
      await writeFile(dest, "changed");
      expect(Buffer.compare(await readFile(src), big)).toBe(0);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
