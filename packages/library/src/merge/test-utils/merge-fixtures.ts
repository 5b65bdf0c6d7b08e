// Libraries for the merge tests: real GGUF models imported into real libraries in temp folders.
import { createHash } from "node:crypto";
import { lstat, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ModelLibrary } from "../../store/model-library.js";
import { llmGguf } from "../../test-utils/library-fixtures.js";

export interface FixtureModel {
  id: string;
  sha256: string;
  folder: string;
  bytes: Uint8Array;
}

/** A GGUF model's bytes: random tensor data, so each call is a different model. */
export function modelBytes(name: string, dataBytes = 64 * 1024): Uint8Array {
  return llmGguf({ name, dataBytes });
}

/** Opens (creating) the library at `root` and imports each `[file name, bytes]`, written into `scratch` first. */
export async function libraryWith(
  root: string,
  files: Array<[string, Uint8Array]>,
  scratch: string,
): Promise<{ library: ModelLibrary; models: FixtureModel[] }> {
  const library = await ModelLibrary.open(root, { create: true });
  const models: FixtureModel[] = [];
  for (const [name, bytes] of files) {
    const path = join(scratch, name);
    await writeFile(path, bytes);
    const { imported, skipped } = await library.import(path);
    const model = imported[0];
    if (!model) throw new Error(`fixture import of ${name} failed: ${JSON.stringify(skipped)}`);
    models.push({ id: model.id, sha256: model.sha256, folder: model.folder, bytes });
  }
  return { library, models };
}

/** The same bytes but the last one: same size, other content. */
export function flipLastByte(bytes: Uint8Array): Buffer {
  const copy = Buffer.from(bytes);
  copy.writeUInt8(copy.readUInt8(copy.length - 1) ^ 0xff, copy.length - 1);
  return copy;
}

export const sha256Of = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Every entry under `dir` with its size, inode and mtime: equal before and after means untouched. */
export async function treeSnapshot(
  dir: string,
  skip: (name: string) => boolean = () => false,
): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const entry of (await readdir(d, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      if (skip(entry.name)) continue;
      const path = join(d, entry.name);
      const info = await lstat(path);
      out.push(`${path} ${info.size} ${info.ino} ${info.mtimeMs}`);
      if (entry.isDirectory()) await walk(path);
    }
  };
  await walk(dir);
  return out;
}
