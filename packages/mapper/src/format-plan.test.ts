import { describe, expect, it } from "vitest";
import { formatPlan } from "./format-plan.js";
import type { Plan } from "./plan.js";

const plan: Plan = {
  app: "comfyui",
  target: "/apps/ComfyUI",
  strategy: "auto",
  actions: [
    { action: "create", modelId: "a", path: "/apps/ComfyUI/models/loras/a.safetensors", kind: "hardlink" },
    {
      action: "keep",
      modelId: "b",
      path: "/apps/ComfyUI/models/vae/b.safetensors",
      kind: "hardlink",
      owned: true,
    },
    {
      action: "conflict",
      modelId: "c",
      path: "/apps/ComfyUI/models/vae/c.safetensors",
      kind: "hardlink",
      reason: "a file mlib did not create is there",
    },
    {
      action: "remove",
      modelId: "d",
      path: "/lib/.mlib/farm/loras/d.safetensors",
      kind: "copy",
      reason: "model not in the list",
    },
  ],
  skipped: [{ modelId: "e", name: "Llama", reason: "ComfyUI does not load language models" }],
  probes: [],
  warnings: ["/apps/ComfyUI: hard links impossible (EXDEV); using symlinks"],
  counts: { create: 1, keep: 1, "replace-broken": 0, conflict: 1, remove: 1 },
  bytesToCopy: 2048,
};

describe("formatPlan", () => {
  it("prints a summary and one line per change, paths relative to the target when inside it", () => {
    expect(formatPlan(plan).split("\n")).toEqual([
      "comfyui in /apps/ComfyUI (strategy auto): 1 to create, 1 in place, 0 to replace, 1 conflicts, 1 to remove",
      "  create         hardlink models/loras/a.safetensors",
      "  conflict       hardlink models/vae/c.safetensors  (a file mlib did not create is there)",
      "  remove         copy     /lib/.mlib/farm/loras/d.safetensors  (model not in the list)",
      "  skipped        Llama: ComfyUI does not load language models",
      "  copies write 2048 bytes",
      "warning: /apps/ComfyUI: hard links impossible (EXDEV); using symlinks",
    ]);
    expect(formatPlan(plan, { showKeep: true })).toContain(
      "  keep           hardlink models/vae/b.safetensors",
    );
  });
});
