import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, open, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../test-utils/run-cli.js";
import type { HashRow } from "./hash.js";

const hasTool = (tool: string) => {
  try {
    execFileSync(tool, ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};
const reference = (tool: "sha256sum" | "b3sum", path: string) =>
  execFileSync(tool, [path], { encoding: "utf8" }).split(/\s+/)[0];

// Known digests of the empty input: the fallback reference where b3sum is not installed.
const EMPTY = {
  sha256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  blake3: "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262",
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlib-hash-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("mlib hash", () => {
  it("prints digests equal to sha256sum and b3sum for empty, 1-byte, 1 MiB + 1 and 2 GiB files", async () => {
    const files = {
      empty: join(dir, "empty.bin"),
      one: join(dir, "one.bin"),
      mib: join(dir, "mib.bin"),
      big: join(dir, "big.gguf"),
    };
    await writeFile(files.empty, "");
    await writeFile(files.one, "x");
    await writeFile(files.mib, randomBytes(1024 * 1024 + 1));
    // 2 GiB, sparse: random blocks at the start, across chunk boundaries and at the end.
    const fh = await open(files.big, "w");
    const size = 2 * 1024 ** 3;
    await fh.truncate(size);
    for (const at of [0, 1024 * 1024 - 7, 64 * 1024 ** 2 + 3, size / 2 - 100, size - 4096]) {
      await fh.write(randomBytes(4096), 0, 4096, at);
    }
    await fh.close();

    const run = await runCli(["hash", "--json", ...Object.values(files)]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const rows = run.json<HashRow[]>();
    expect(rows.map((r) => r.path)).toEqual(Object.values(files));
    expect(rows.map((r) => r.size)).toEqual([0, 1, 1024 * 1024 + 1, size]);
    for (const row of rows) {
      expect(row.sha256).toBe(reference("sha256sum", row.path));
      if (hasTool("b3sum")) expect(row.blake3).toBe(reference("b3sum", row.path));
      expect(row.fastHash).toMatch(/^\S+$/);
    }
    expect(rows[0]).toMatchObject(EMPTY);
    expect(new Set(rows.map((r) => r.fastHash)).size).toBe(4);
  });

  it("names a missing file, hashes the rest and exits 2", async () => {
    const ok = join(dir, "ok.bin");
    await writeFile(ok, "hello");
    const run = await runCli(["hash", "--json", join(dir, "missing.gguf"), ok]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("missing.gguf");
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.json<HashRow[]>().map((r) => r.path)).toEqual([ok]);
  });

  it("refuses a folder with a one-line error", async () => {
    const run = await runCli(["hash", dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/not a regular file/);
  });

  it("prints readable lines without --json and no colour codes outside a terminal", async () => {
    const f = join(dir, "plain.bin");
    await writeFile(f, "abc");
    const run = await runCli(["hash", f]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("sha256  ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(run.stdout.includes("\x1b[")).toBe(false);
  });
});

describe("mlib usage errors", () => {
  it("exits 2 for an unknown command or a missing argument", async () => {
    expect((await runCli(["frobnicate"])).code).toBe(2);
    expect((await runCli(["hash"])).code).toBe(2);
  });
  it("exits 0 for --help and --version", async () => {
    expect((await runCli(["--help"])).code).toBe(0);
    const v = await runCli(["--version"]);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
