import { existsSync } from "node:fs";
import { chmod, mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openRegularFile } from "./open-regular-file.js";
import { useTempDir } from "./test-utils/temp-dir.js";

const tempDir = useTempDir();

describe("openRegularFile", () => {
  it("opens a file (through a symlink too) and reports its size", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "a.bin"), "hello");
    await symlink("a.bin", join(dir, "link.bin"));
    const { handle, size } = await openRegularFile(join(dir, "link.bin"));
    try {
      expect(size).toBe(5);
      expect((await handle.readFile()).toString()).toBe("hello");
    } finally {
      await handle.close();
    }
  });

  it("refuses a folder, a missing path and a device with distinct codes", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "sub"));
    await expect(openRegularFile(join(dir, "sub"))).rejects.toMatchObject({ code: "EISDIR" });
    await expect(openRegularFile(join(dir, "none"))).rejects.toMatchObject({ code: "ENOENT" });
    await expect(openRegularFile(join(dir, "none", "deeper"))).rejects.toMatchObject({ code: "ENOENT" });
    if (existsSync("/dev/null")) {
      await expect(openRegularFile("/dev/null")).rejects.toMatchObject({
        code: "NOT_A_FILE",
        message: "/dev/null: not a regular file",
      });
    }
  });

  it("maps a permission error to EACCES", async () => {
    const dir = await tempDir();
    const path = join(dir, "secret.bin");
    await writeFile(path, "x", { mode: 0o000 });
    // Root reads anything: drop to `nobody` for the open so that the kernel really refuses it.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      await chmod(dir, 0o755);
      process.seteuid?.(65534);
    }
    try {
      await expect(openRegularFile(path)).rejects.toMatchObject({ code: "EACCES" });
    } finally {
      if (asRoot) process.seteuid?.(0);
    }
  });
});
