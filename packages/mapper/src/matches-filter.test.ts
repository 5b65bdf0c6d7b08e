import { describe, expect, it } from "vitest";
import type { LinkRecord } from "./link-record.js";
import { matchesFilter } from "./matches-filter.js";

const record: LinkRecord = {
  id: "r1",
  app: "comfyui",
  target: "/apps/comfy",
  path: "/apps/comfy/models/loras/a.safetensors",
  kind: "hardlink",
  modelId: "m1",
  sourcePath: "/lib/a.safetensors",
  size: 1,
  createdAt: "2025-01-01T00:00:00.000Z",
};

describe("matchesFilter", () => {
  it("matches every field given and ignores the rest", () => {
    expect(matchesFilter(record, undefined)).toBe(true);
    expect(matchesFilter(record, {})).toBe(true);
    expect(matchesFilter(record, { app: "comfyui", modelId: "m1", kind: "hardlink" })).toBe(true);
    expect(matchesFilter(record, { target: "/apps/comfy", path: record.path })).toBe(true);
    expect(matchesFilter(record, { app: "ollama" })).toBe(false);
    expect(matchesFilter(record, { app: "comfyui", modelId: "m2" })).toBe(false);
    expect(matchesFilter(record, { kind: "symlink" })).toBe(false);
  });
});
