import { lstat, mkdtemp, readFile, readlink, stat } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { applyPlan } from "./apply-plan.js";
import { openJsonLinkRegistry } from "./json-link-registry.js";
import { planLinks } from "./plan-links.js";
import type { ProbeCache } from "./probe-link-support.js";
import { comfyui } from "./profiles/comfyui.js";
import { ollama } from "./profiles/ollama.js";
import { buildLibrary } from "./test-utils/library-fixture.js";
import { otherFileSystem } from "./test-utils/other-filesystem.js";
import { tempDirs } from "./test-utils/temp-dirs.js";

describe("across two file systems (library on the temp disk, app on tmpfs)", () => {
  const tmp = tempDirs();
  const other = otherFileSystem();

  async function scene(ids: string[]) {
    const lib = await tmp();
    const models = await buildLibrary(lib, ids);
    const target = await mkdtemp(path.join(other(), "app-"));
    const registry = await openJsonLinkRegistry(path.join(lib, ".mlib", "links.json"));
    return { models, target, registry, cache: new Map() as ProbeCache };
  }

  it("auto falls back from hard links to symlinks for ComfyUI, probes once, and says so", async () => {
    const s = await scene(["sd15-ckpt", "lora-sd15", "vae-sd15", "sd15-diffusers"]);
    const plan = await planLinks({ profile: comfyui, ...s, probeCache: s.cache });
    expect(plan.probes).toHaveLength(1);
    expect(s.cache.size).toBe(1);
    expect(plan.probes[0]).toMatchObject({ hardlink: false, symlink: true, reasons: { hardlink: "EXDEV" } });
    const creates = plan.actions.filter((a) => a.action === "create");
    expect(creates.length).toBe(8);
    expect(new Set(creates.map((a) => a.kind))).toEqual(new Set(["symlink"]));
    expect(creates[0]?.methods).toEqual(["symlink", "copy"]);
    expect(plan.warnings).toContainEqual(
      expect.stringContaining(
        "hard links impossible (EXDEV: another file system than the library); using symlinks",
      ),
    );

    const result = await applyPlan(plan, { registry: s.registry });
    expect(result.failed).toBe(0);
    expect(new Set(result.results.map((r) => r.kind))).toEqual(new Set(["symlink"]));
    for (const a of creates) expect(await readlink(a.path)).toBe(a.spec?.sourcePath);
    expect((await s.registry.list()).every((r) => r.kind === "symlink")).toBe(true);
  });

  it("auto copies for Ollama (no symlinks in blobs/), counts the bytes, and is stable", async () => {
    const s = await scene(["llm-llama-q4"]);
    const plan = await planLinks({ profile: ollama, ...s, probeCache: s.cache });
    const blob = plan.actions.find((a) => a.spec?.type === "file");
    expect(blob).toMatchObject({ action: "create", kind: "copy", methods: ["copy"] });
    expect(plan.bytesToCopy).toBe(s.models[0]?.files[0]?.size);
    expect(plan.warnings).toContainEqual(expect.stringContaining("using copies"));
    await applyPlan(plan, { registry: s.registry });
    const source = s.models[0]?.files[0];
    const copied = await stat(blob?.path ?? "");
    expect(copied.ino).not.toBe((await stat(source?.path ?? "")).ino);
    expect(await readFile(blob?.path ?? "")).toEqual(await readFile(source?.path ?? ""));
    const again = await planLinks({ profile: ollama, ...s, probeCache: s.cache });
    expect(again.actions.every((a) => a.action === "keep")).toBe(true);
  });

  it("a forced hard link that cannot work skips the model with the reason, and creates nothing", async () => {
    const s = await scene(["lora-sd15"]);
    const plan = await planLinks({ profile: comfyui, ...s, strategy: "hardlink", probeCache: s.cache });
    expect(plan.counts.create).toBe(0);
    expect(plan.skipped).toEqual([
      {
        modelId: "lora-sd15",
        name: "add_detail",
        reason: expect.stringMatching(/^hardlink impossible into .* \(EXDEV: another file system\)$/),
      },
    ]);
    await applyPlan(plan, { registry: s.registry });
    await expect(lstat(path.join(s.target, "models", "loras", "add_detail.safetensors"))).rejects.toThrow();
  });

  it("config mode keeps hard links: the farm is on the library's file system", async () => {
    const s = await scene(["lora-sd15"]);
    const lib = path.dirname(path.dirname(s.models[0]?.folder ?? ""));
    const farmDir = path.join(lib, ".mlib", "farm", "comfyui");
    const plan = await planLinks({
      profile: comfyui,
      ...s,
      strategy: "config",
      farmDir,
      probeCache: s.cache,
    });
    expect(plan.actions.map((a) => a.kind).sort()).toEqual(["config", "hardlink"]);
    await applyPlan(plan, { registry: s.registry });
    const yaml = await readFile(path.join(s.target, "extra_model_paths.yaml"), "utf8");
    expect(yaml).toContain(`base_path: ${farmDir}`);
  });
});
