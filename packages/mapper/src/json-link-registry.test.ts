import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openJsonLinkRegistry } from "./json-link-registry.js";
import type { LinkRecord } from "./link-record.js";
import { MapperError } from "./mapper-error.js";
import { tempDirs } from "./test-utils/temp-dirs.js";

const record = (id: string, over: Partial<LinkRecord> = {}): LinkRecord => ({
  id,
  app: "comfyui",
  target: "/apps/comfy",
  path: `/apps/comfy/models/loras/${id}.safetensors`,
  kind: "hardlink",
  modelId: `model-${id}`,
  sourcePath: `/lib/${id}.safetensors`,
  sourceIno: 42,
  sourceDev: 7,
  size: 100,
  createdAt: "2025-01-01T00:00:00.000Z",
  ...over,
});

describe("openJsonLinkRegistry", () => {
  const tmp = tempDirs();

  it("starts empty, persists every change, and reopens to the same records", async () => {
    const dir = await tmp();
    const file = path.join(dir, ".mlib", "links.json");
    const registry = await openJsonLinkRegistry(file);
    expect(registry.file).toBe(file);
    expect(await registry.list()).toEqual([]);
    await registry.add(record("a"));
    await registry.add(record("b", { app: "ollama", kind: "manifest", sourcePath: null, content: "{}" }));
    await registry.add(record("a", { size: 200 }));
    expect((await registry.list()).map((r) => [r.id, r.size])).toEqual([
      ["a", 200],
      ["b", 100],
    ]);
    expect(await registry.list({ app: "ollama" })).toEqual([
      record("b", { app: "ollama", kind: "manifest", sourcePath: null, content: "{}" }),
    ]);
    const reopened = await openJsonLinkRegistry(file);
    expect(await reopened.list()).toEqual(await registry.list());
    await registry.remove("a");
    await registry.remove("not-there");
    expect((await (await openJsonLinkRegistry(file)).list()).map((r) => r.id)).toEqual(["b"]);
    expect(JSON.parse(await readFile(file, "utf8")).version).toBe(1);
    expect(await readdir(path.dirname(file))).toEqual(["links.json"]);
  });

  it("hands out copies, serialises concurrent changes, and sees another writer's changes", async () => {
    const file = path.join(await tmp(), "links.json");
    const one = await openJsonLinkRegistry(file);
    await Promise.all(Array.from({ length: 25 }, (_, i) => one.add(record(`r${i}`))));
    expect(await one.list()).toHaveLength(25);
    const listed = await one.list();
    if (listed[0]) listed[0].size = -1;
    expect((await one.list())[0]?.size).toBe(100);
    const two = await openJsonLinkRegistry(file);
    await two.add(record("from-two"));
    expect((await one.list()).map((r) => r.id)).toContain("from-two");
  });

  it("refuses a file or a record it cannot trust, naming the file and the problem", async () => {
    const file = path.join(await tmp(), "links.json");
    const fails = async (content: string, message: string | RegExp) => {
      await writeFile(file, content);
      await expect(openJsonLinkRegistry(file)).rejects.toThrow(message);
    };
    await fails("{", new RegExp(`^${file}: not valid JSON: `));
    await fails("[]", `${file}: expected {"version": 1, "records": [...]}`);
    await fails('{"version":2,"records":[]}', `${file}: unsupported version 2`);
    await fails(
      JSON.stringify({ version: 1, records: [{ ...record("a"), path: "relative" }] }),
      `${file}: record 1: "path" must be an absolute path`,
    );
    await fails(
      JSON.stringify({ version: 1, records: [record("a"), record("a")] }),
      `${file}: record 2: duplicate id a`,
    );
    await fails(
      JSON.stringify({ version: 1, records: [{ ...record("a"), kind: "zip" }] }),
      `${file}: record 1: unknown kind "zip"`,
    );
    await fails(
      JSON.stringify({ version: 1, records: [{ ...record("a"), size: -1 }] }),
      `${file}: record 1: "size" must be a number >= 0`,
    );
    await writeFile(file, JSON.stringify({ version: 1, records: [] }));
    const registry = await openJsonLinkRegistry(file);
    await expect(registry.add({ ...record("x"), id: "" })).rejects.toThrow(MapperError);
    await expect(registry.add({ ...record("x"), dirs: ["rel"] })).rejects.toThrow(
      '"dirs" must be a list of absolute paths',
    );
    expect(await registry.list()).toEqual([]);
  });
});
