import { createHash, type Hash } from "node:crypto";
import { gitObjectHash } from "@ml/hub-protocol";
import { type FileSource, sourceSize } from "./file-source.js";
import { readSourceChunks } from "./read-source-chunks.js";

export interface SourceHashes {
  sha256: string;
  /** Git blob sha1 of the content; only when asked for (small files). */
  gitSha1?: string;
}

/** sha256 and, when asked, git blob sha1 of a source in one pass; a known sha256 is trusted, not recomputed. */
export function hashSource(source: FileSource, opts: { gitSha1: boolean; sha256?: string }): SourceHashes {
  const size = sourceSize(source);
  const sha256 = opts.sha256 === undefined ? createHash("sha256") : undefined;
  const sha1 = opts.gitSha1 ? gitObjectHash("blob", size) : undefined;
  if (sha256 || sha1) {
    for (const chunk of readSourceChunks(source, 0, size)) {
      sha256?.update(chunk);
      sha1?.update(chunk);
    }
  }
  return {
    sha256: opts.sha256 ?? (sha256 as Hash).digest("hex"),
    ...(sha1 && { gitSha1: sha1.digest("hex") }),
  };
}
