import { gitObjectSha1 } from "./git-object-sha1.js";

/** The pointer file git stores for an LFS file, and its git blob id (the tree's `oid`). */
export function lfsPointer(sha256: string, size: number): { oid: string; size: number } {
  const pointer = Buffer.from(
    `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${size}\n`,
  );
  return { oid: gitObjectSha1("blob", pointer), size: pointer.byteLength };
}
