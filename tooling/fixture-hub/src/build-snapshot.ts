import { gitObjectSha1, gitTreeOids, lfsPointer } from "@ml/hub-protocol";
import { type FileSource, sourceSize } from "./file-source.js";
import { gitCommitSha1 } from "./git-commit-sha1.js";
import { hashSource } from "./hash-source.js";
import { isLfsPath } from "./is-lfs-path.js";
import type { RepoInput } from "./normalize-repo.js";
import type { FixtureFileInfo, FixtureRepoInfo } from "./types.js";

export interface StoredFile extends FixtureFileInfo {
  source: FileSource;
  /** The pointer file git holds for an LFS file (served by /raw/). */
  pointer?: Uint8Array;
}

/** One commit of a repo: what a branch or a commit id resolves to. */
export interface Snapshot {
  commit: string;
  title: string;
  /** ISO date of the commit, also the repo's lastModified. */
  date: string;
  files: Map<string, StoredFile>;
  /** Folder path -> git tree id, "" for the root. */
  dirs: Map<string, string>;
  info: FixtureRepoInfo;
}

const DEFAULT_DATE = "2024-01-01T00:00:00.000Z";
const TITLE = "fixture commit";

/** Hash every file of a repo, decide LFS, and derive tree ids and the commit as git would. */
export function buildSnapshot(input: RepoInput, lfsThreshold: number): Snapshot {
  const files = new Map<string, StoredFile>();
  for (const [path, file] of input.files) {
    const size = sourceSize(file.source);
    const lfs = file.lfs ?? (size >= lfsThreshold || isLfsPath(path));
    const hashes = hashSource(file.source, { gitSha1: !lfs, ...(file.sha256 && { sha256: file.sha256 }) });
    if (lfs) {
      const pointer = lfsPointer(hashes.sha256, size);
      const oid = gitObjectSha1("blob", pointer);
      files.set(path, {
        path,
        size,
        lfs,
        sha256: hashes.sha256,
        oid,
        etag: hashes.sha256,
        source: file.source,
        pointer,
      });
    } else {
      const oid = hashes.gitSha1 as string;
      files.set(path, { path, size, lfs, sha256: hashes.sha256, oid, etag: oid, source: file.source });
    }
  }
  const dirs = gitTreeOids(new Map([...files].map(([path, f]) => [path, f.oid])));
  const lastModified = input.info.lastModified;
  const date =
    typeof lastModified === "string" && !Number.isNaN(Date.parse(lastModified))
      ? new Date(lastModified).toISOString()
      : DEFAULT_DATE;
  const commit = input.commit ?? gitCommitSha1(dirs.get("") as string, TITLE, new Date(date));
  const prefix = input.type === "model" ? "models" : `${input.type}s`;
  return {
    commit,
    title: TITLE,
    date,
    files,
    dirs,
    info: {
      id: input.id,
      type: input.type,
      revision: input.revision,
      commit,
      cacheFolder: `${prefix}--${input.id.replaceAll("/", "--")}`,
      files: new Map(
        [...files.values()].map((f) => [
          f.path,
          { path: f.path, size: f.size, lfs: f.lfs, sha256: f.sha256, oid: f.oid, etag: f.etag },
        ]),
      ),
    },
  };
}
