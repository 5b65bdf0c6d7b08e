import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { applyPlan } from "./apply-plan.js";
import { openJsonLinkRegistry } from "./json-link-registry.js";
import { MapperError } from "./mapper-error.js";
import type { MapperModel } from "./model.js";
import { type PlanLinksOptions, planLinks } from "./plan-links.js";
import { comfyui } from "./profiles/comfyui.js";
import { lmstudio } from "./profiles/lmstudio.js";
import { buildLibrary } from "./test-utils/library-fixture.js";
import { tempDirs } from "./test-utils/temp-dirs.js";

describe("planLinks", () => {
  const tmp = tempDirs();

  async function scene(ids = ["lora-sd15", "vae-sd15", "sd15-ckpt"]) {
    const root = await tmp();
    const lib = path.join(root, "lib");
    const target = path.join(root, "ComfyUI");
    await mkdir(path.join(target, "models"), { recursive: true });
    const models = await buildLibrary(lib, ids);
    const registry = await openJsonLinkRegistry(path.join(lib, ".mlib", "links.json"));
    const base: PlanLinksOptions = { profile: comfyui, target, models, registry };
    const apply = async (options: Partial<PlanLinksOptions> = {}) => {
      const plan = await planLinks({ ...base, ...options });
      return { plan, result: await applyPlan(plan, { registry }) };
    };
    return { root, lib, target, models, registry, base, apply };
  }

  it("checks its input", async () => {
    const s = await scene([]);
    const fails = (options: Partial<PlanLinksOptions>, error: MapperError) =>
      expect(planLinks({ ...s.base, ...options })).rejects.toThrow(error);
    await fails(
      { target: "ComfyUI" },
      new MapperError("BAD_INPUT", 'target must be an absolute folder: "ComfyUI"'),
    );
    await fails(
      { profile: lmstudio, strategy: "config" },
      new MapperError(
        "UNSUPPORTED_STRATEGY",
        "LM Studio has no config file mlib can write; use auto or a link method",
      ),
    );
    await fails(
      { strategy: "config" },
      new MapperError("BAD_INPUT", "config mode needs farmDir: an absolute folder for the link farm"),
    );
    await fails(
      { strategy: "config", farmDir: "/f", section: "a b" },
      new MapperError("BAD_INPUT", 'section name "a b" must be letters, digits, - or _'),
    );
    await fails(
      { strategy: "zip" as never },
      new MapperError(
        "UNSUPPORTED_STRATEGY",
        "ComfyUI cannot use zip links (it takes reflink, hardlink, symlink, copy)",
      ),
    );
  });

  it("links only the types asked for and leaves other links alone", async () => {
    const s = await scene();
    await s.apply({ only: "vae" });
    expect((await s.registry.list()).map((r) => r.modelId)).toEqual(["vae-sd15"]);
    const { plan } = await s.apply({ only: ["lora"] });
    expect(plan.counts).toMatchObject({ create: 1, remove: 0 });
    expect((await s.registry.list()).map((r) => r.modelId).sort()).toEqual(["lora-sd15", "vae-sd15"]);
    const pruned = await planLinks({ ...s.base, only: "lora", prune: true });
    expect(pruned.actions.find((a) => a.action === "remove")).toMatchObject({
      modelId: "vae-sd15",
      reason: "no longer placed here",
    });
    const gone = await planLinks({ ...s.base, models: [] });
    expect(gone.actions.map((a) => [a.action, a.reason])).toEqual([
      ["remove", "model not in the list"],
      ["remove", "model not in the list"],
    ]);
  });

  it("replaces our own broken links: missing, stale after the library replaced its file, moved", async () => {
    const s = await scene();
    await s.apply();
    const byId = (id: string) => s.models.find((m) => m.id === id) as MapperModel;
    const [lora, vae, ckpt] = [byId("lora-sd15"), byId("vae-sd15"), byId("sd15-ckpt")];
    const link = (m: MapperModel, folder: string) =>
      path.join(s.target, "models", folder, m.files[0]?.name ?? "");
    await rm(link(lora, "loras"));
    const source = vae.files[0]?.path ?? "";
    await rm(source);
    await writeFile(source, "a fresh download");
    const plan = await planLinks(s.base);
    const byModel = new Map(plan.actions.map((a) => [a.modelId, a]));
    expect(byModel.get(lora.id)).toMatchObject({ action: "replace-broken", reason: "missing" });
    expect(byModel.get(vae.id)).toMatchObject({
      action: "replace-broken",
      reason: "the library file was replaced; this link still holds the old content",
    });
    expect(byModel.get(ckpt.id)?.action).toBe("keep");
    const result = await applyPlan(plan, { registry: s.registry });
    expect(result).toMatchObject({ replaced: 2, failed: 0 });
    expect(await readFile(link(vae, "vae"), "utf8")).toBe("a fresh download");

    // Symlinks follow the library file when it moves.
    expect((await s.apply({ strategy: "symlink" })).result).toMatchObject({ replaced: 3, failed: 0 });
    const moved = path.join(path.dirname(source), "renamed.safetensors");
    await rename(source, moved);
    const movedFile = { name: vae.files[0]?.name ?? "", path: moved, size: 16 };
    const models = s.models.map((m) => (m.id === vae.id ? { ...m, files: [movedFile] } : m));
    const follow = await planLinks({ ...s.base, models, strategy: "symlink" });
    expect(follow.actions.find((a) => a.modelId === vae.id)).toMatchObject({
      action: "replace-broken",
      reason: expect.stringMatching(/^points at a missing file/),
    });
  });

  it("switching strategy replaces our links; a forced strategy is what gets made", async () => {
    const s = await scene(["lora-sd15"]);
    await s.apply();
    const { plan, result } = await s.apply({ strategy: "copy" });
    expect(plan.actions[0]).toMatchObject({
      action: "replace-broken",
      reason: "is a hardlink; copy was asked for",
      kind: "copy",
    });
    expect(result.results[0]).toMatchObject({ status: "done", kind: "copy" });
    expect((await planLinks({ ...s.base, strategy: "copy" })).counts.keep).toBe(1);
    expect((await planLinks(s.base)).counts.keep).toBe(1);
  });

  it("a user's file where our link was: conflict, record dropped, file untouched", async () => {
    const s = await scene(["lora-sd15"]);
    await s.apply();
    const [record] = await s.registry.list();
    await rm(record?.path ?? "");
    await writeFile(record?.path ?? "", "mine now");
    const { plan } = await s.apply();
    expect(plan.actions).toEqual([
      expect.objectContaining({
        action: "conflict",
        recordId: record?.id,
        reason: "another file is there now; mlib leaves it",
      }),
    ]);
    expect(await s.registry.list()).toEqual([]);
    expect(await readFile(record?.path ?? "", "utf8")).toBe("mine now");
  });

  it("two models wanting one name: the one linked first keeps it, whichever order they come in", async () => {
    const s = await scene(["te-clip-g", "te-clip-l-hf"]);
    const g = s.models.find((m) => m.id === "te-clip-g") as MapperModel;
    const l = s.models.find((m) => m.id === "te-clip-l-hf") as MapperModel;
    await s.apply({ models: [l] });
    const plan = await planLinks({ ...s.base, models: [g, l] });
    const paths = new Map(plan.actions.map((a) => [a.modelId, [a.action, path.basename(a.path)]]));
    expect(paths.get(l.id)).toEqual(["keep", "model.safetensors"]);
    expect(paths.get(g.id)?.[0]).toBe("create");
    expect(paths.get(g.id)?.[1]).toMatch(/^model-[0-9a-f]{8}\.safetensors$/);
  });

  it("warns when the target does not look like the app, and in config mode refuses a section that is not ours", async () => {
    const s = await scene(["lora-sd15"]);
    const bare = path.join(s.root, "empty");
    await mkdir(bare);
    expect((await planLinks({ ...s.base, target: bare })).warnings).toEqual([
      `${bare} does not look like a ComfyUI folder (no models)`,
    ]);
    await writeFile(path.join(s.target, "extra_model_paths.yaml"), "mlib:\n  base_path: /somewhere/else\n");
    const plan = await planLinks({
      ...s.base,
      strategy: "config",
      farmDir: path.join(s.lib, ".mlib", "farm"),
    });
    expect(plan.actions.find((a) => a.kind === "config")).toMatchObject({
      action: "conflict",
      reason: 'section "mlib" exists and mlib did not write it; pick another section name',
    });
    expect(plan.actions.filter((a) => a.action === "create")).toEqual([]);
    const other = await planLinks({
      ...s.base,
      strategy: "config",
      farmDir: path.join(s.lib, ".mlib", "farm"),
      section: "mlib2",
    });
    expect(other.counts.create).toBe(2);
    expect((await stat(path.join(s.target, "extra_model_paths.yaml"))).size).toBe(35);
  });
});
