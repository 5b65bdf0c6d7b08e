import { createHash } from "node:crypto";

/**
 * A stable 40-hex commit id for files that have no Hugging Face commit: the same paths with the
 * same bytes (sha256) always give the same id, and any change gives another.
 */
export function syntheticCommit(files: ReadonlyArray<{ path: string; sha256: string }>): string {
  const hash = createHash("sha1").update("mlib-local-commit\n");
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(`${f.path}\0${f.sha256}\n`);
  }
  return hash.digest("hex");
}
