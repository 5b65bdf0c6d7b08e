import { readFile } from "node:fs/promises";
import { LibraryError } from "./library-error.js";

/** metadata.json files are small; a huge one is not ours (and must not exhaust memory). */
const MAX_METADATA_BYTES = 16 * 1024 * 1024;

/** Parsed JSON of a small file, with errors that name it. */
export async function readJson(file: string, code: "BAD_METADATA" | "BAD_OVERRIDES"): Promise<unknown> {
  let text: string;
  try {
    const bytes = await readFile(file);
    if (bytes.length > MAX_METADATA_BYTES) {
      throw new LibraryError(code, `${file}: ${bytes.length} bytes is too large for a metadata file`, {
        path: file,
      });
    }
    text = bytes.toString("utf8");
  } catch (error) {
    if (error instanceof LibraryError) throw error;
    const errno = (error as NodeJS.ErrnoException).code;
    if (errno === "ENOENT" || errno === "ENOTDIR") {
      throw new LibraryError("NOT_FOUND", `${file}: no such file`, { path: file, cause: error });
    }
    throw new LibraryError(code, `${file}: cannot read: ${(error as Error).message}`, {
      path: file,
      cause: error,
    });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new LibraryError(code, `${file}: not valid JSON: ${(error as Error).message}`, {
      path: file,
      cause: error,
    });
  }
}
