// Reference digests from independent tools, for tests only.
import { execFile, execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { createBLAKE3 } from "hash-wasm";

/**
 * Official BLAKE3 test vectors (input byte i is i % 251), first 32 bytes of each output.
 * Used to prove the reference below is right when b3sum is missing.
 */
export const BLAKE3_VECTORS: ReadonlyArray<[length: number, hex: string]> = [
  [0, "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262"],
  [1, "2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213"],
  [1023, "10108970eeda3eb932baac1428c7a2163b0e924c9a9e25b35bba72b28f70bd11"],
  [1024, "42214739f095a406f3fc83deb889744ac00df831c10daa55189b5d121c855af7"],
  [1025, "d00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444"],
  [2048, "e776b6028c7cd22a4d0ba182a8bf62205d2ef576467e838ed6f2529b85fba24a"],
  [2049, "5f4d72f40d7a5f82b15ca2b2e44b1de3c2ef86c426c95c1af0b6879522563030"],
  [8193, "bab6c09cb8ce8cf459261398d2e7aef35700bf488116ceb94a36d0f5f1b7bc3b"],
  [102400, "bc3e3d41a1146b069abffad3c0d44860cf664390afce4d9661f7902e7943e085"],
];

/** The test-vector input: byte i is i % 251. */
export function vectorInput(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => i % 251);
}

function hasTool(name: string): boolean {
  try {
    execFileSync(name, ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export const HAS_B3SUM = hasTool("b3sum");
if (!HAS_B3SUM) {
  console.warn(
    "b3sum not installed: BLAKE3 references come from hash-wasm (itself checked against test vectors)",
  );
}

function firstField(output: string): string {
  return output.trim().split(/\s+/)[0] as string;
}

const run = promisify(execFile);

/** `sha256sum` of the file. */
export async function sha256sumOf(path: string): Promise<string> {
  return firstField((await run("sha256sum", [path], { encoding: "utf8" })).stdout);
}

/** `b3sum` of the file, or hash-wasm's BLAKE3 where b3sum is not installed (the file is read whole). */
export async function b3sumOf(path: string): Promise<string> {
  if (HAS_B3SUM) return firstField((await run("b3sum", ["--no-names", path], { encoding: "utf8" })).stdout);
  const hasher = await createBLAKE3();
  hasher.update(await readFile(path));
  return hasher.digest("hex");
}

/** `git hash-object` of the file. */
export async function gitHashObjectOf(path: string): Promise<string> {
  return (await run("git", ["hash-object", "--no-filters", path], { encoding: "utf8" })).stdout.trim();
}
