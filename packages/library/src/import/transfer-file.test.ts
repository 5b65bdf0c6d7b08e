import { randomBytes } from "node:crypto";
import { readFile, stat, writeFile } from "node:fs/promises";
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
