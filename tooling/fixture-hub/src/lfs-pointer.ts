/** The pointer file git stores in place of an LFS file. */
export function lfsPointer(sha256: string, size: number): Uint8Array {
  return Buffer.from(`version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${size}\n`);
}
