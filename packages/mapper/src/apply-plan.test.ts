import { lstat, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { applyPlan } from "./apply-plan.js";
import { openJsonLinkRegistry } from "./json-link-registry.js";
import type { LinkProbe } from "./plan.js";
import { planLinks } from "./plan-links.js";
import type { ProbeCache } from "./probe-link-support.js";
import { comfyui } from "./profiles/comfyui.js";
import { ollama } from "./profiles/ollama.js";
import { buildLibrary } from "./test-utils/library-fixture.js";
import { otherFileSystem } from "./test-utils/other-filesystem.js";
import { tempDirs } from "./test-utils/temp-dirs.js";

describe("applyPlan", () => {
  const tmp = tempDirs();
  const other = otherFileSystem();

  async function scene(ids: string[], target?: string) {
    const root = await tmp();
    const lib = path.join(root, "lib");
    const models = await buildLibrary(lib, ids);
    const registry = await openJsonLinkRegistry(path.join(lib, ".mlib", "links.json"));
    return { lib, models, registry, target: target ?? path.join(root, "app") };
  }

  it("leaves a file that appeared between plan and apply, and makes the rest", async () => {
    const s = await scene(["lora-sd15", "vae-sd15"]);
    const plan = await planLinks({ profile: comfyui, ...s });
    const lora = plan.actions.find((a) => a.modelId === "lora-sd15");
    await mkdir(path.dirname(lora?.path ?? ""), { recursive: true });
    await writeFile(lora?.path ?? "", "appeared");
    const result = await applyPlan(plan, { registry: s.registry });
    expect(result).toMatchObject({ created: 1, conflicts: 1, failed: 0 });
    expect(result.results.find((r) => r.modelId === "lora-sd15")).toMatchObject({ status: "left" });
    expect(await readFile(lora?.path ?? "", "utf8")).toBe("appeared");
    expect((await s.registry.list()).map((r) => r.modelId)).toEqual(["vae-sd15"]);
  });

  it("says when a link fell back to another method than planned", async () => {
    const s = await scene(["lora-sd15"], path.join(other(), "fallback-app"));
    // A stale probe claims hard links work into the tmpfs target.
    const src = await lstat(s.models[0]?.files[0]?.path ?? "");
    const dst = await lstat(other());
    const stale: LinkProbe = {
      sourceDev: src.dev,
      targetDev: dst.dev,
      dir: other(),
      reflink: false,
      hardlink: true,
      symlink: true,
      reasons: {},
    };
    const probeCache: ProbeCache = new Map([[`${src.dev}:${dst.dev}`, stale]]);
    const plan = await planLinks({ profile: comfyui, ...s, probeCache });
    expect(plan.actions[0]).toMatchObject({ kind: "hardlink", methods: ["hardlink", "symlink", "copy"] });
    const result = await applyPlan(plan, { registry: s.registry });
    expect(result.results[0]).toMatchObject({
      status: "done",
      kind: "symlink",
      detail: "fell back to symlink",
    });
  });

  it("does not write an Ollama manifest whose blob could not be made", async () => {
    const s = await scene(["llm-llama-q4"]);
    const plan = await planLinks({ profile: ollama, ...s });
    await rm(s.models[0]?.files[0]?.path ?? "");
    const result = await applyPlan(plan, { registry: s.registry });
    const manifest = result.results.find((r) => r.path.includes("manifests"));
    expect(manifest).toMatchObject({
      status: "failed",
      detail: "not written: a file it names could not be made",
    });
    await expect(lstat(manifest?.path ?? "")).rejects.toThrow();
    expect(result.failed).toBe(2);
  });
});
