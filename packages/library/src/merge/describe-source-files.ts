import { lstat } from "node:fs/promises";
import type { MergeSourceFile } from "./merge-record.js";
import type { SourceModel } from "./plan-merge.js";

/** The source model's files as they are now (inode, size, mtime), for the journal and the deletion check. */
export async function describeSourceFiles(model: SourceModel): Promise<MergeSourceFile[]> {
  const files: MergeSourceFile[] = [];
  for (const file of model.record.files) {
    const info = await lstat(file.path);
    files.push({
      name: file.name,
      path: file.path,
      size: file.size,
      sha256: file.sha256,
      external: file.external_path !== undefined,
      dev: info.dev,
      ino: info.ino,
      mtime_ms: info.mtimeMs,
    });
  }
  return files;
}
