import { gitObjectSha1 } from "./git-object-sha1.js";

/** The pointer file git stores in place of an LFS file. */
export function lfsPointer(sha256: string, size: number): Uint8Array {
  return Buffer.from(`version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${size}\n`);
}

/** The pointer's git blob id (what the tree lists as the file's `oid`) and its size. */
export function lfsPointerInfo(sha256: string, size: number): { oid: string; size: number } {
  const pointer = lfsPointer(sha256, size);
  return { oid: gitObjectSha1("blob", pointer), size: pointer.byteLength };
}
