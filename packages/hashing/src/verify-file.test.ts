import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pseudoRandomBytes } from "./test-utils/pseudo-random-bytes.js";
import { b3sumOf, gitHashObjectOf, sha256sumOf } from "./test-utils/reference.js";
import { useTempDir } from "./test-utils/temp-dir.js";
import { verifyFile } from "./verify-file.js";

const tempDir = useTempDir();

async function sample(): Promise<{ path: string; sha256: string; blake3: string; gitSha1: string }> {
  const path = join(await tempDir(), "model.safetensors");
  await writeFile(path, pseudoRandomBytes(70_000, 4));
  return {
    path,
    sha256: await sha256sumOf(path),
    blake3: await b3sumOf(path),
    gitSha1: await gitHashObjectOf(path),
  };
}

const flip = (hex: string): string => (hex[0] === "0" ? "1" : "0") + hex.slice(1);

describe("verifyFile", () => {
  it("is ok when every given digest matches, in any case", async () => {
    const { path, sha256, blake3, gitSha1 } = await sample();
    const result = await verifyFile(path, { sha256: sha256.toUpperCase(), blake3, gitSha1 });
    expect(result).toEqual({ ok: true, mismatches: [] });
  });

  it("checks only what is given", async () => {
    const { path, gitSha1 } = await sample();
    expect(await verifyFile(path, { gitSha1 })).toEqual({ ok: true, mismatches: [] });
  });

  it("lists each mismatch with expected and actual", async () => {
    const { path, sha256, blake3, gitSha1 } = await sample();
    const result = await verifyFile(path, { sha256: flip(sha256), blake3, gitSha1: flip(gitSha1) });
    expect(result).toEqual({
      ok: false,
      mismatches: [
        { algorithm: "sha256", expected: flip(sha256), actual: sha256 },
        { algorithm: "gitSha1", expected: flip(gitSha1), actual: gitSha1 },
      ],
    });
  });

  it("rejects a malformed expected digest with BAD_DIGEST before reading", async () => {
    const path = join(await tempDir(), "absent.bin");
    await expect(verifyFile(path, { sha256: "abc" })).rejects.toMatchObject({
      code: "BAD_DIGEST",
      message: `${path}: expected sha256 must be 64 hex characters, got "abc"`,
    });
    await expect(verifyFile(path, { gitSha1: "z".repeat(40) })).rejects.toMatchObject({ code: "BAD_DIGEST" });
    await expect(verifyFile(path, { blake3: "a".repeat(40) })).rejects.toMatchObject({ code: "BAD_DIGEST" });
    await expect(verifyFile(path, {})).rejects.toThrow(/no expected digest given/);
  });

  it("fails with the file's error when it is missing", async () => {
    const path = join(await tempDir(), "gone.bin");
    await expect(verifyFile(path, { sha256: "0".repeat(64) })).rejects.toMatchObject({ code: "ENOENT" });
  });
});
