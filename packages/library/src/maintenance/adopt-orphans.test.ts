import { mkdir, readdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ModelLibrary } from "../store/model-library.js";
import {
  indexSnapshot,
  tempDir,
  writeLegacyPickle,
  writeLlmGguf,
  writeSafetensorsShards,
} from "../test-utils/library-fixtures.js";

let dir: string;
let cleanup: () => Promise<void>;
let root: string;
let library: ModelLibrary;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  root = join(dir, "library");
  library = await ModelLibrary.open(root, { create: true });
});
afterEach(async () => {
  await library.close();
  await cleanup();
});

describe("adopt", () => {
  it("registers files dropped into the tree, moving each into its own model folder", async () => {
    const existing = await library.import(await writeLlmGguf(join(dir, "src", "Kept-Q4_K_M.gguf")));
    const keptFolder = (await library.get(existing.imported[0]?.id as string)).folder;
    await writeLlmGguf(join(root, "llm", "Dropped-Q4_K_M.gguf"));
    await writeSafetensorsShards(join(root, "incoming", "llama-set"), 2);
    await writeFile(join(root, "incoming", "notes.txt"), "not a model");
    await writeLegacyPickle(join(root, "old.pth"));
    await mkdir(join(root, ".mlib", "tmp", "leftover"), { recursive: true });

    const result = await library.adopt();
    expect(result.recovery.removed).toEqual(["leftover"]);
    expect(result.imported).toHaveLength(2);
    expect(result.skipped).toEqual([
      expect.objectContaining({ code: "UNSAFE", path: join(root, "old.pth") }),
    ]);
    for (const { id } of result.imported) {
      const model = await library.get(id);
      expect(model.source.kind).toBe("adopt");
      expect(library.list({ source: "adopt" }).items.map((m) => m.id)).toContain(id);
      expect((await stat(model.files[0]?.path as string)).isFile()).toBe(true);
    }
    // Moved, not copied: the drop sites are gone (the folder with a stray file stays).
    await expect(stat(join(root, "llm", "Dropped-Q4_K_M.gguf"))).rejects.toMatchObject({ code: "ENOENT" });
    expect(await readdir(join(root, "incoming"))).toEqual(["notes.txt"]);
    expect((await stat(join(keptFolder, "metadata.json"))).isFile()).toBe(true);
    expect(library.list().total).toBe(3);

    const snapshot = indexSnapshot(library);
    await library.reindex();
    expect(indexSnapshot(library)).toEqual(snapshot);
    expect((await library.adopt()).imported).toEqual([]); // nothing left to adopt
  });
});
