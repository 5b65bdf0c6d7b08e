const SHA256 = /^[0-9a-f]{64}$/;
const GIT_SHA1 = /^[0-9a-f]{40}$/;
// Names of content that is legitimately empty: an empty blob with one of these names is not truncated.
const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const EMPTY_GIT_SHA1 = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391";

/**
 * What a blob's name says about its content: LFS blobs are named by their sha256, small files by
 * their git blob sha1; anything else (an etag from another server, a Xet hash) names nothing we can check.
 */
export function blobHashKind(blob: string): "sha256" | "git-sha1" | null {
  if (SHA256.test(blob)) return "sha256";
  if (GIT_SHA1.test(blob)) return "git-sha1";
  return null;
}

export function namesEmptyContent(blob: string): boolean {
  return blob === EMPTY_SHA256 || blob === EMPTY_GIT_SHA1;
}
