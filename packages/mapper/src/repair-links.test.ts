import { mkdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { applyPlan } from "./apply-plan.js";
import { checkLinks } from "./check-links.js";
import { openJsonLinkRegistry } from "./json-link-registry.js";
import { planLinks } from "./plan-links.js";
import { comfyui } from "./profiles/comfyui.js";
import { ollama } from "./profiles/ollama.js";
import { repairLinks } from "./repair-links.js";
import { buildLibrary } from "./test-utils/library-fixture.js";
import { linkScene } from "./test-utils/link-scene.js";
import { tempDirs } from "./test-utils/temp-dirs.js";

describe("repairLinks", () => {
  const tmp = tempDirs();

  it("remakes missing links and generated files, and hard links the library's new file", async () => {
    const s = await linkScene(await tmp());
    const missing = await s.make("missing", "hardlink");
    const manifest = await s.make("manifest", "manifest", { content: '{"m":1}' });
    const stale = await s.make("stale", "hardlink");
    await rm(missing.path);
    await rm(manifest.path);
    await rm(s.source);
    await writeFile(s.source, "new weights");
    const result = await repairLinks(s.registry);
    expect(result).toMatchObject({ repaired: 3, failed: 0, ok: 0 });
    expect(await readFile(manifest.path, "utf8")).toBe('{"m":1}');
    expect((await stat(stale.path)).ino).toBe((await stat(s.source)).ino);
    expect((await checkLinks(s.registry)).map((h) => h.status)).toEqual(["ok", "ok", "ok"]);
  });

  it("follows a file the library moved; removes links of models gone from the list", async () => {
    const s = await linkScene(await tmp());
    const sym = await s.make("sym", "symlink");
    const moved = path.join(path.dirname(s.source), "moved.safetensors");
    await rename(s.source, moved);
    const model = {
      id: "m1",
      files: [{ name: "m.safetensors", path: moved, size: 1 }],
    } as never;
    expect((await repairLinks(s.registry)).results[0]).toMatchObject({ outcome: "left", before: "dangling" });
    const fixed = await repairLinks(s.registry, { models: [model] });
    expect(fixed.results[0]).toMatchObject({ outcome: "repaired", detail: "symlink made again" });
    expect((await s.registry.list())[0]?.sourcePath).toBe(moved);
    await rm(moved);
    const gone = await repairLinks(s.registry, { models: [] });
    expect(gone.results[0]).toMatchObject({ outcome: "removed" });
    expect(await s.registry.list()).toEqual([]);
    await expect(stat(sym.path)).rejects.toThrow();
  });

  it("leaves a modified copy, forgets a path someone else took", async () => {
    const s = await linkScene(await tmp());
    const copy = await s.make("copy", "copy");
    const taken = await s.make("taken", "symlink");
    await utimes(copy.path, new Date(), new Date(1999, 0, 1));
    await rm(taken.path);
    await writeFile(taken.path, "theirs");
    const result = await repairLinks(s.registry);
    expect(result.results.map((r) => [path.basename(r.record.path), r.outcome])).toEqual([
      ["copy", "left"],
      ["taken", "forgotten"],
    ]);
    expect(await readFile(taken.path, "utf8")).toBe("theirs");
    expect((await s.registry.list()).map((r) => r.id)).toEqual([copy.id]);
  });

  it("writes a config section back, and Ollama blobs with their manifest", async () => {
    const root = await tmp();
    const lib = path.join(root, "lib");
    const models = await buildLibrary(lib, ["lora-sd15", "llm-llama-q4"]);
    const registry = await openJsonLinkRegistry(path.join(lib, "links.json"));
    const comfy = path.join(root, "ComfyUI");
    const farmDir = path.join(lib, "farm");
    const olla = path.join(root, "ollama");
    await mkdir(comfy);
    await applyPlan(
      await planLinks({ profile: comfyui, target: comfy, models, registry, strategy: "config", farmDir }),
      { registry },
    );
    await applyPlan(await planLinks({ profile: ollama, target: olla, models, registry }), { registry });
    const yaml = path.join(comfy, "extra_model_paths.yaml");
    const before = await readFile(yaml, "utf8");
    await rm(yaml);
    await rm(path.join(olla, "manifests"), { recursive: true });
    await rm(path.join(olla, "blobs"), { recursive: true });
    const result = await repairLinks(registry, { models });
    expect(result).toMatchObject({ repaired: 4, failed: 0 });
    expect(await readFile(yaml, "utf8")).toBe(before);
    expect((await checkLinks(registry)).every((h) => h.status === "ok")).toBe(true);
  });
});
