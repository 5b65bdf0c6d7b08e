import { createHash } from "node:crypto";
import { realpath } from "node:fs/promises";
import { join } from "node:path";
import {
  type ApplyResult,
  applyPlan,
  getProfile,
  type ModelType,
  type Plan,
  planLinks,
  type Strategy,
} from "@ml/mapper";
import type { ModelLibrary } from "../store/model-library.js";
import { mapperModels, openLibraryLinks } from "./library-links.js";

export interface LinkAppOptions {
  /** Profile id or name: comfyui, a1111, forge, lmstudio, ollama, llamacpp. */
  app: string;
  /** The folder the user knows as the app's home (DESIGN §4). */
  target: string;
  strategy?: Strategy;
  /** Only models of these types (nothing else is pruned). */
  only?: ModelType[];
  /** Plan only: nothing is written. */
  dryRun?: boolean;
  /** A user's file in the way: skip it (default) or link under a suffixed name. */
  onConflict?: "skip" | "rename";
}

export interface LinkAppResult {
  plan: Plan;
  /** Absent on a dry run. */
  applied?: ApplyResult;
}

/**
 * Makes every library model the app can use visible in it (a sync: links of models no longer in
 * the library go). Config mode (ComfyUI) links into a farm under `.mlib/farm/` on the library's
 * own filesystem and points extra_model_paths.yaml at it.
 */
export async function linkApp(library: ModelLibrary, options: LinkAppOptions): Promise<LinkAppResult> {
  const registry = await openLibraryLinks(library);
  const profile = getProfile(options.app);
  const models = await mapperModels(library);
  const target = await realpath(options.target).catch(() => options.target);
  const farmDir =
    options.strategy === "config"
      ? join(
          library.paths.state,
          "farm",
          `${profile.id}-${createHash("sha256").update(target).digest("hex").slice(0, 12)}`,
        )
      : undefined;
  const plan = await planLinks({
    profile,
    target,
    models,
    registry,
    strategy: options.strategy,
    only: options.only,
    onConflict: options.onConflict,
    farmDir,
  });
  if (options.dryRun) return { plan };
  return { plan, applied: await applyPlan(plan, { registry }) };
}
