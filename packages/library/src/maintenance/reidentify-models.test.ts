import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ModelLibrary } from "../store/model-library.js";
import {
  indexSnapshot,
  tempDir,
  writeDiffusersFolder,
  writeLlmGguf,
} from "../test-utils/library-fixtures.js";

let dir: string;
let cleanup: () => Promise<void>;
let library: ModelLibrary;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  library = await ModelLibrary.open(join(dir, "library"), { create: true });
});
afterEach(async () => {
  await library.close();
  await cleanup();
});

async function tamper(folder: string, fields: Record<string, unknown>): Promise<void> {
  const file = join(folder, "metadata.json");
  await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, "utf8")), ...fields }));
}

describe("reidentify", () => {
  it("rewrites the identified fields and keeps ids, hashes, tags and the user's overrides", async () => {
    const source = await writeLlmGguf(join(dir, "src", "Qwen-Q4_K_M.gguf"), { arch: "qwen2" });
    const { imported } = await library.import(source, { tags: ["mine"] });
    const id = imported[0]?.id as string;
    const before = await library.get(id);
    await library.setOverrides(id, { name: "My Qwen", type: "embedding" });
    // What an older mlib might have written.
    await tamper(before.folder, { architecture: "unknown-arch", quantization: null, type: "unknown" });
    await library.reindex();
    const changes: unknown[] = [];
    library.onChange((c) => changes.push(c));

    expect(await library.reidentify()).toEqual({ updated: [id], unchanged: [], failed: [] });
    const after = await library.get(id);
    expect(after).toMatchObject({
      id,
      sha256: before.sha256,
      tags: ["mine"],
      architecture: "qwen2",
      quantization: "Q4_K_M",
      name: "My Qwen",
      type: "embedding",
      overrides: { name: "My Qwen", type: "embedding" },
    });
    const onDisk = JSON.parse(await readFile(join(before.folder, "metadata.json"), "utf8"));
    expect(onDisk).toMatchObject({ type: "llm", name: before.name, added_at: before.added_at });
    expect(onDisk.updated_at >= before.updated_at).toBe(true);
    expect(changes).toEqual([{ kind: "updated", id }]);

    const snapshot = indexSnapshot(library);
    await library.reindex();
    expect(indexSnapshot(library)).toEqual(snapshot);
  });

  it("leaves up-to-date models alone and identifies folder models as folders", async () => {
    const a = await library.import(await writeLlmGguf(join(dir, "src", "A-Q4_K_M.gguf")));
    const b = await library.import(await writeDiffusersFolder(join(dir, "src", "pipeline")), {
      mode: "in-place",
    });
    const ids = [a.imported[0]?.id, b.imported[0]?.id] as string[];
    expect(await library.reidentify()).toEqual({ updated: [], unchanged: [...ids].sort(), failed: [] });
    await tamper((await library.get(ids[1] as string)).folder, { format: "unknown" });
    expect((await library.reidentify(ids[1])).updated).toEqual([ids[1]]);
    expect((await library.get(ids[1] as string)).format).toBe("diffusers");
  });
});
