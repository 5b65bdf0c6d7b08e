// The acceptance table every app profile must pass: each fixture model lands exactly where the
// app looks for it, a second run changes nothing, removing a model removes all its links, and a
// user's own file at a target path is never touched.
import { lstat, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { applyPlan } from "../apply-plan.js";
import { openJsonLinkRegistry } from "../json-link-registry.js";
import type { MapperModel } from "../model.js";
import type { Plan } from "../plan.js";
import { type PlanLinksOptions, planLinks } from "../plan-links.js";
import type { AppProfile } from "../profile.js";
import { removeLinks } from "../remove-links.js";
import { removeModelLinks } from "../remove-model-links.js";
import { buildLibrary, FIXTURE_SPECS } from "./library-fixture.js";
import { tempDirs } from "./temp-dirs.js";

export type Expected = Record<string, Array<string | RegExp>>;

export interface AcceptanceCase {
  profile: AppProfile;
  /** Entries to create in the empty app folder so it looks like the app ("dir/" for folders). */
  layout: string[];
  /** Model id → paths it must land at, relative to the target (or the farm in config mode). Other models are skipped. */
  expected: (models: Map<string, MapperModel>) => Expected;
  /** A model whose links `removeModelLinks` must take away, and one the next sync must drop. */
  removeModel: string;
  syncDropModel: string;
  /** A model a user's own file blocks, at the first of its paths matching `conflictAt` (default: the first). */
  conflictModel: string;
  conflictAt?: RegExp;
  options?: Partial<PlanLinksOptions> & { farm?: boolean };
}

export interface Scene {
  lib: string;
  target: string;
  farm: string;
  models: MapperModel[];
  registry: Awaited<ReturnType<typeof openJsonLinkRegistry>>;
  base: string;
}

export async function makeScene(c: AcceptanceCase, tmp: (p?: string) => Promise<string>): Promise<Scene> {
  const root = await tmp();
  const lib = path.join(root, "library");
  const target = path.join(root, "app");
  const farm = path.join(lib, ".mlib", "farm", c.profile.id);
  for (const entry of c.layout) {
    const full = path.join(target, entry);
    if (entry.endsWith("/")) await mkdir(full, { recursive: true });
    else {
      await mkdir(path.dirname(full), { recursive: true });
      await writeFile(full, "");
    }
  }
  await mkdir(target, { recursive: true });
  const models = await buildLibrary(lib);
  const registry = await openJsonLinkRegistry(path.join(lib, ".mlib", "links.json"));
  return { lib, target, farm, models, registry, base: c.options?.farm ? farm : target };
}

export function planFor(
  c: AcceptanceCase,
  scene: Scene,
  extra: Partial<PlanLinksOptions> = {},
): Promise<Plan> {
  const { farm: useFarm, ...options } = c.options ?? {};
  return planLinks({
    profile: c.profile,
    target: scene.target,
    models: scene.models,
    registry: scene.registry,
    ...(useFarm ? { farmDir: scene.farm } : {}),
    ...options,
    ...extra,
  });
}

/** Created paths per model, relative to `base` (config entries left out). */
export function createdByModel(plan: Plan, base: string): Map<string, string[]> {
  const byModel = new Map<string, string[]>();
  for (const a of plan.actions) {
    if (a.action !== "create" || a.kind === "config") continue;
    const list = byModel.get(a.modelId) ?? [];
    list.push(path.relative(base, a.path).split(path.sep).join("/"));
    byModel.set(a.modelId, list);
  }
  for (const list of byModel.values()) list.sort();
  return byModel;
}

function expectPaths(actual: string[], wanted: Array<string | RegExp>, modelId: string): void {
  expect(actual.length, `${modelId}: ${actual.join(", ")}`).toBe(wanted.length);
  const left = [...actual];
  for (const want of wanted) {
    const at = left.findIndex((p) => (typeof want === "string" ? p === want : want.test(p)));
    expect(at, `${modelId}: nothing matches ${String(want)} among ${left.join(", ")}`).toBeGreaterThanOrEqual(
      0,
    );
    left.splice(at, 1);
  }
}

async function snapshot(paths: string[]): Promise<string[]> {
  return Promise.all(
    paths.map(async (p) => {
      const st = await lstat(p);
      return `${p}:${st.ino}:${st.mtimeMs}:${st.size}`;
    }),
  );
}

/** Source file of a created link, to compare content. */
function sourceOf(plan: Plan, file: string): string | null {
  return plan.actions.find((a) => a.path === file)?.spec?.sourcePath ?? null;
}

export function describeAcceptance(title: string, c: AcceptanceCase): void {
  describe(`${title}: acceptance on a fixture library of ${FIXTURE_SPECS.length} models`, () => {
    const tmp = tempDirs();

    it("lands each model exactly where the app looks for its type", async () => {
      const scene = await makeScene(c, tmp);
      const expected = c.expected(new Map(scene.models.map((m) => [m.id, m])));
      const plan = await planFor(c, scene);
      const created = createdByModel(plan, scene.base);
      for (const [id, wanted] of Object.entries(expected)) expectPaths(created.get(id) ?? [], wanted, id);
      expect([...created.keys()].sort()).toEqual(Object.keys(expected).sort());
      const skipped = plan.skipped.map((s) => s.modelId).sort();
      expect(skipped).toEqual(
        scene.models
          .map((m) => m.id)
          .filter((id) => !(id in expected))
          .sort(),
      );
      for (const s of plan.skipped) expect(s.reason.length).toBeGreaterThan(5);
      expect(plan.counts.conflict + plan.counts.remove + plan.counts["replace-broken"]).toBe(0);

      const result = await applyPlan(plan, { registry: scene.registry });
      expect(result.failed, JSON.stringify(result.results.filter((r) => r.status !== "done"))).toBe(0);
      expect(result.created).toBe(plan.counts.create);
      for (const action of plan.actions.filter((a) => a.kind !== "config")) {
        const source = sourceOf(plan, action.path);
        const content = await readFile(action.path);
        if (source) expect(content.equals(await readFile(source))).toBe(true);
      }
      const records = await scene.registry.list({ app: c.profile.id });
      expect(records.length).toBe(plan.counts.create);
      for (const r of result.results)
        expect(["reflink", "hardlink", "symlink", "copy", "manifest", "config"]).toContain(r.kind);
    });

    it("changes nothing the second time (every action is keep)", async () => {
      const scene = await makeScene(c, tmp);
      await applyPlan(await planFor(c, scene), { registry: scene.registry });
      const records = await scene.registry.list();
      const before = await snapshot(records.map((r) => r.path));
      const again = await planFor(c, scene);
      expect(again.actions.every((a) => a.action === "keep")).toBe(true);
      expect(again.counts.keep).toBe(records.length);
      const result = await applyPlan(again, { registry: scene.registry });
      expect(result.results).toEqual([]);
      expect(await scene.registry.list()).toEqual(records);
      expect(await snapshot(records.map((r) => r.path))).toEqual(before);
    });

    it("removes a model's links of every kind, by removeModelLinks and by sync", async () => {
      const scene = await makeScene(c, tmp);
      await applyPlan(await planFor(c, scene), { registry: scene.registry });
      const all = await scene.registry.list();
      const ofModel = (id: string) => all.filter((r) => r.modelId === id);
      const gone = ofModel(c.removeModel);
      expect(gone.length).toBeGreaterThan(0);
      const result = await removeModelLinks(scene.registry, c.removeModel);
      expect(result.failed).toBe(0);
      expect(result.removed).toBe(gone.length);
      for (const r of gone.filter((g) => g.kind !== "config")) await expect(lstat(r.path)).rejects.toThrow();
      for (const dir of gone.flatMap((r) => r.dirs ?? [])) await expect(stat(dir)).rejects.toThrow();
      const model = scene.models.find((m) => m.id === c.removeModel);
      for (const f of model?.files ?? []) expect((await stat(f.path)).size).toBe(f.size);

      const dropped = ofModel(c.syncDropModel);
      expect(dropped.length).toBeGreaterThan(0);
      const rest = scene.models.filter((m) => m.id !== c.removeModel && m.id !== c.syncDropModel);
      const sync = await planFor(c, { ...scene, models: rest });
      expect(
        sync.actions
          .filter((a) => a.action === "remove")
          .map((a) => a.recordId)
          .sort(),
      ).toEqual(dropped.map((r) => r.id).sort());
      expect(sync.actions.filter((a) => a.action !== "remove" && a.action !== "keep")).toEqual([]);
      await applyPlan(sync, { registry: scene.registry });
      for (const r of dropped.filter((d) => d.kind !== "config"))
        await expect(lstat(r.path)).rejects.toThrow();
      const left = await scene.registry.list();
      expect(left.length).toBe(all.length - gone.length - dropped.length);
      for (const r of left)
        expect((await lstat(r.path)).isFile() || (await lstat(r.path)).isSymbolicLink()).toBe(true);
    });

    it("never touches a user's own file at a target path: conflict, skip or rename", async () => {
      const scene = await makeScene(c, tmp);
      const paths = createdByModel(await planFor(c, scene), scene.base).get(c.conflictModel) ?? [];
      const first = paths.find((p) => c.conflictAt?.test(p) ?? true);
      expect(first).toBeDefined();
      const userFile = path.join(scene.base, first ?? "");
      await mkdir(path.dirname(userFile), { recursive: true });
      await writeFile(userFile, "the user's own file");

      const plan = await planFor(c, scene);
      const conflict = plan.actions.find((a) => a.action === "conflict");
      expect(conflict?.path).toBe(userFile);
      expect(conflict?.reason).toBe("a file mlib did not create is there");
      expect(plan.actions.some((a) => a.modelId === c.conflictModel && a.action === "create")).toBe(false);
      await applyPlan(plan, { registry: scene.registry });
      expect(await readFile(userFile, "utf8")).toBe("the user's own file");
      expect(await scene.registry.list({ path: userFile })).toEqual([]);

      const renamed = await planFor(c, scene, { onConflict: "rename" });
      const made = renamed.actions.filter((a) => a.modelId === c.conflictModel && a.action === "create");
      expect(made.length).toBeGreaterThan(0);
      expect(made.every((a) => a.path !== userFile && a.path.includes("mlib"))).toBe(true);
      const result = await applyPlan(renamed, { registry: scene.registry });
      expect(result.failed).toBe(0);
      expect(await readFile(userFile, "utf8")).toBe("the user's own file");
      // The renamed links stay where they are on the next plain run.
      const plain = await planFor(c, scene);
      expect(plain.actions.filter((a) => a.action !== "keep")).toEqual([]);

      const unlinked = await removeLinks(scene.registry, { app: c.profile.id });
      expect(unlinked.failed).toBe(0);
      expect(await scene.registry.list()).toEqual([]);
      expect(await readFile(userFile, "utf8")).toBe("the user's own file");
    });
  });
}
