import type { ModelRecord } from "@ml/library";

/**
 * Where a model file sits in its hub repo. A file pulled from a subfolder of a Hugging Face repo
 * (`source.file` = `Q4_K_M/model-00001-of-00002.gguf`) keeps that folder, and its shards with it;
 * otherwise the file's name in the model folder is its path. Undefined for a name that would not
 * be a clean relative path (never served).
 */
export function repoFilePath(record: ModelRecord, fileName: string, hubRepo: boolean): string | undefined {
  let path = fileName;
  const sourceFile = record.source.file;
  const primary = record.files[0]?.name;
  if (hubRepo && sourceFile?.includes("/") && primary !== undefined) {
    const slash = sourceFile.lastIndexOf("/");
    if (sourceFile.slice(slash + 1) === primary) path = `${sourceFile.slice(0, slash)}/${fileName}`;
  }
  return isCleanPath(path) ? path : undefined;
}

/** Relative, `/`-separated, no empty, `.` or `..` segment, no backslash or NUL. */
export function isCleanPath(path: string): boolean {
  return (
    path !== "" &&
    !/[\\\0]/.test(path) &&
    path.split("/").every((part) => part !== "" && part !== "." && part !== "..")
  );
}
