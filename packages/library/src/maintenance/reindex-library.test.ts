import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ModelLibrary } from "../store/model-library.js";
import { indexSnapshot, tempDir, writeLlmGguf } from "../test-utils/library-fixtures.js";

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

async function importOne(name: string): Promise<string> {
  const { imported } = await library.import(await writeLlmGguf(join(dir, "src", `${name}.gguf`)));
  return imported[0]?.id as string;
}

describe("reindex", () => {
  it("rebuilds the same index from the tree, overrides applied", async () => {
    const a = await importOne("A-Q4_K_M");
    await importOne("B-Q4_K_M");
    await library.setOverrides(a, { name: "Renamed", tags: ["x"] });
    const before = indexSnapshot(library);
    expect(await library.reindex()).toEqual({ count: 2, warnings: [] });
    expect(indexSnapshot(library)).toEqual(before);
    expect(library.search({ query: "renamed" }).total).toBe(1);
  });

  it("skips a damaged metadata.json with a warning naming it, and indexes the rest", async () => {
    const a = await importOne("A-Q4_K_M");
    const b = await importOne("B-Q4_K_M");
    const broken = (await library.get(b)).folder;
    await writeFile(join(broken, "metadata.json"), "{ truncated");
    const result = await library.reindex();
    expect(result.count).toBe(1);
    expect(result.warnings).toEqual([
      expect.stringContaining(`${join(broken, "metadata.json")}: not valid JSON`),
    ]);
    expect(library.list().items.map((m) => m.id)).toEqual([a]);
  });

  it("skips a damaged overrides.json and a second folder claiming the same id", async () => {
    const a = await importOne("A-Q4_K_M");
    const b = await importOne("B-Q4_K_M");
    const copy = join(dir, "library", "llm", "llama", "zz-copy");
    await mkdir(copy);
    await writeFile(
      join(copy, "metadata.json"),
      await readFile(join((await library.get(a)).folder, "metadata.json")),
    );
    await writeFile(join((await library.get(b)).folder, "overrides.json"), JSON.stringify({ colour: "red" }));
    const result = await library.reindex();
    expect(result.count).toBe(1);
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings.join("\n")).toMatch(/overrides\.json: .*colour/);
    expect(result.warnings.join("\n")).toMatch(new RegExp(`zz-copy: id ${a} is already used`));
  });
});
