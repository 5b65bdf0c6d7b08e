import type { Snapshot } from "./build-snapshot.js";

/** A file or folder as the tree and paths-info endpoints list it; undefined when the path is neither. */
export function pathEntryJson(
  snapshot: Snapshot,
  path: string,
  expand: boolean,
): Record<string, unknown> | undefined {
  const lastCommit = expand && {
    lastCommit: { id: snapshot.commit, title: snapshot.title, date: snapshot.date },
  };
  const file = snapshot.files.get(path);
  if (file) {
    return {
      type: "file",
      oid: file.oid,
      size: file.size,
      path,
      ...(file.lfs && { lfs: { oid: file.sha256, size: file.size, pointerSize: file.pointer?.byteLength } }),
      ...lastCommit,
      ...(expand && { securityFileStatus: { status: "safe" } }),
    };
  }
  const oid = path === "" ? undefined : snapshot.dirs.get(path);
  return oid === undefined ? undefined : { type: "directory", oid, size: 0, path, ...lastCommit };
}
