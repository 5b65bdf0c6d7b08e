import { lstat, readdir, readFile, readlink, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { LinkRecord, LinkRegistry } from "./link-record.js";
import { makeLink, PathTakenError } from "./make-link.js";
import { linkScene } from "./test-utils/link-scene.js";
import { otherFileSystem } from "./test-utils/other-filesystem.js";
import { tempDirs } from "./test-utils/temp-dirs.js";

describe("makeLink", () => {
  const tmp = tempDirs();
  const other = otherFileSystem();

  it("makes each kind, records its identity, and leaves no temp file", async () => {
    const s = await linkScene(await tmp());
    const src = await stat(s.source);
    const hard = await s.make("sub/dir/hard", "hardlink");
    expect(hard).toMatchObject({
      kind: "hardlink",
      sourceIno: src.ino,
      sourceDev: src.dev,
      modelId: "m1",
      file: "m.safetensors",
    });
    expect((await stat(hard.path)).ino).toBe(src.ino);
    const sym = await s.make("sym", "symlink");
    expect(await readlink(sym.path)).toBe(s.source);
    const copy = await s.make("copy", "copy");
    const copied = await stat(copy.path);
    expect(copy).toMatchObject({
      kind: "copy",
      linkIno: copied.ino,
      linkDev: copied.dev,
      mtimeMs: copied.mtimeMs,
    });
    expect(await readFile(copy.path, "utf8")).toBe(await readFile(s.source, "utf8"));
    const gen = await s.make("manifest", "manifest", { content: '{"x":1}' });
    expect(gen).toMatchObject({
      kind: "manifest",
      content: '{"x":1}',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(await readFile(gen.path, "utf8")).toBe('{"x":1}');
    expect((await s.registry.list()).map((r) => r.id).sort()).toEqual(
      [hard, sym, copy, gen].map((r) => r.id).sort(),
    );
    expect((await readdir(s.app)).sort()).toEqual(["copy", "manifest", "sub", "sym"]);
  });

  it("never overwrites a file that appeared at the path, and forgets the record", async () => {
    const s = await linkScene(await tmp());
    for (const method of ["hardlink", "symlink", "copy"] as const) {
      const name = `taken-${method}`;
      await writeFile(path.join(s.app, name), "user's");
      await expect(s.make(name, method)).rejects.toThrow(PathTakenError);
      expect(await readFile(path.join(s.app, name), "utf8")).toBe("user's");
    }
    expect(await s.registry.list()).toEqual([]);
    expect((await readdir(s.app)).filter((n) => n.includes(".tmp"))).toEqual([]);
  });

  it("overwrites our own file in one rename and reuses the record id", async () => {
    const s = await linkScene(await tmp());
    const first = await s.make("a", "copy");
    const second = await makeLink({
      spec: s.spec("a"),
      methods: ["symlink"],
      app: "test",
      target: s.app,
      registry: s.registry,
      previous: first,
      overwrite: true,
    });
    expect(second.id).toBe(first.id);
    expect((await lstat(first.path)).isSymbolicLink()).toBe(true);
    expect(await s.registry.list()).toEqual([second]);
  });

  it("falls back to the next method across file systems, and records what it used", async () => {
    const s = await linkScene(await tmp());
    const spec = { ...s.spec("x"), path: path.join(other(), "x") };
    const record = await makeLink({
      spec,
      methods: ["reflink", "hardlink", "symlink"],
      app: "t",
      target: other(),
      registry: s.registry,
    });
    expect(record.kind).toBe("symlink");
    const only = makeLink({
      spec: { ...spec, path: path.join(other(), "y") },
      methods: ["hardlink"],
      app: "t",
      target: other(),
      registry: s.registry,
    });
    await expect(only).rejects.toMatchObject({ code: "EXDEV" });
    expect((await s.registry.list()).map((r) => r.kind)).toEqual(["symlink"]);
  });

  it("writes the record before the file exists under its name, and puts the previous one back on failure", async () => {
    const s = await linkScene(await tmp());
    const seen: boolean[] = [];
    const watching: LinkRegistry = {
      list: (f) => s.registry.list(f),
      remove: (id) => s.registry.remove(id),
      add: async (r: LinkRecord) => {
        seen.push(
          await lstat(r.path).then(
            () => true,
            () => false,
          ),
        );
        await s.registry.add(r);
      },
    };
    await makeLink({ spec: s.spec("a"), methods: ["copy"], app: "t", target: s.app, registry: watching });
    await makeLink({ spec: s.spec("b"), methods: ["hardlink"], app: "t", target: s.app, registry: watching });
    expect(seen).toEqual([false, false]);

    const previous = (await s.registry.list({ path: path.join(s.app, "a") }))[0];
    if (!previous) throw new Error("no record");
    const broken = makeLink({
      spec: { ...s.spec("a"), sourcePath: path.join(s.lib, "gone") },
      methods: ["copy"],
      app: "t",
      target: s.app,
      registry: s.registry,
      previous,
      overwrite: true,
    });
    await expect(broken).rejects.toThrow(/ENOENT/);
    expect(await s.registry.list({ path: previous.path })).toEqual([previous]);
  });
});
