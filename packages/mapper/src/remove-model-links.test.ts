import { lstat, mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { applyPlan } from "./apply-plan.js";
import { openJsonLinkRegistry } from "./json-link-registry.js";
import { planLinks } from "./plan-links.js";
import { comfyui } from "./profiles/comfyui.js";
import { lmstudio } from "./profiles/lmstudio.js";
import { ollama } from "./profiles/ollama.js";
import { removeModelLinks } from "./remove-model-links.js";
import { buildLibrary } from "./test-utils/library-fixture.js";
import { tempDirs } from "./test-utils/temp-dirs.js";

describe("removeModelLinks", () => {
  const tmp = tempDirs();

  it("removes one model's links in every app, of every kind, and nothing of other models", async () => {
    const root = await tmp();
    const lib = path.join(root, "lib");
    const models = await buildLibrary(lib, ["vlm-gemma", "llm-llama-q4", "lora-sd15", "vae-sd15"]);
    const registry = await openJsonLinkRegistry(path.join(lib, ".mlib", "links.json"));
    const comfy = path.join(root, "ComfyUI");
    await mkdir(path.join(comfy, "models"), { recursive: true });
    const run = async (options: Parameters<typeof planLinks>[0]) =>
      applyPlan(await planLinks(options), { registry });
    await run({ profile: lmstudio, target: path.join(root, "lms"), models, registry });
    await run({ profile: ollama, target: path.join(root, "ollama"), models, registry });
    const farmDir = path.join(lib, ".mlib", "farm");
    expect(
      (await run({ profile: comfyui, target: comfy, models, registry, strategy: "config", farmDir })).failed,
    ).toBe(0);

    const gemma = await registry.list({ modelId: "vlm-gemma" });
    expect(new Set(gemma.map((r) => `${r.app}:${r.kind}`))).toEqual(
      new Set(["lmstudio:hardlink", "ollama:hardlink", "ollama:manifest"]),
    );
    const lora = await registry.list({ modelId: "lora-sd15" });
    expect(new Set(lora.map((r) => r.kind))).toEqual(new Set(["hardlink", "config"]));

    expect((await removeModelLinks(registry, "vlm-gemma")).failed).toBe(0);
    for (const r of gemma) await expect(lstat(r.path)).rejects.toThrow();
    expect((await removeModelLinks(registry, "lora-sd15")).failed).toBe(0);
    const yaml = await readFile(path.join(comfy, "extra_model_paths.yaml"), "utf8");
    expect(yaml).toContain("vae: vae");
    expect(yaml).not.toContain("loras");

    const left = await registry.list();
    expect(new Set(left.map((r) => r.modelId))).toEqual(new Set(["llm-llama-q4", "vae-sd15"]));
    for (const r of left) expect((await lstat(r.path)).isFile()).toBe(true);
  });
});
