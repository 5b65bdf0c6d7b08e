import type { HubSnapshot } from "./hub-catalog.js";

/**
 * A file or folder as the tree and paths-info endpoints list it; undefined when the path is
 * neither. Files are LFS files: `oid` is the pointer's blob id, `lfs.oid` the sha256 the client
 * names the blob by; `expand` adds `lastCommit` (the client names the snapshot folder by its id).
 */
export function pathEntryJson(
  snapshot: HubSnapshot,
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
      oid: file.pointer.oid,
      size: file.size,
      path,
      lfs: { oid: file.sha256, size: file.size, pointerSize: file.pointer.size },
      ...lastCommit,
    };
  }
  const oid = path === "" ? undefined : snapshot.dirs.get(path);
  return oid === undefined ? undefined : { type: "directory", oid, size: 0, path, ...lastCommit };
}
