import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { openJsonLinkRegistry } from "./json-link-registry.js";
import type { LinkRecord } from "./link-record.js";
import { syncConfigSections } from "./sync-config-sections.js";
import { tempDirs } from "./test-utils/temp-dirs.js";

describe("syncConfigSections", () => {
  const tmp = tempDirs();

  it("writes one key per folder still needed, is_default when asked, and drops the section with the last record", async () => {
    const dir = await tmp();
    const file = path.join(dir, "extra_model_paths.yaml");
    await writeFile(file, "mine:\n  loras: /x\n");
    const registry = await openJsonLinkRegistry(path.join(dir, "links.json"));
    const record = (id: string, key: string, isDefault = false): LinkRecord => ({
      id,
      app: "comfyui",
      target: dir,
      path: file,
      kind: "config",
      modelId: id,
      sourcePath: null,
      size: 0,
      config: { section: "mlib", key, basePath: "/farm", isDefault },
      createdAt: "2025-01-01T00:00:00Z",
    });
    await registry.add(record("a", "loras"));
    await registry.add(record("b", "checkpoints", true));
    await registry.add(record("c", "loras"));
    const ref = { file, section: "mlib" };
    await syncConfigSections(registry, [ref, ref]);
    expect(parse(await readFile(file, "utf8"))).toEqual({
      mine: { loras: "/x" },
      mlib: { base_path: "/farm", is_default: true, checkpoints: "checkpoints", loras: "loras" },
    });
    await registry.remove("b");
    await syncConfigSections(registry, [ref]);
    expect(parse(await readFile(file, "utf8")).mlib).toEqual({ base_path: "/farm", loras: "loras" });
    await registry.remove("a");
    await registry.remove("c");
    await syncConfigSections(registry, [ref]);
    expect(await readFile(file, "utf8")).toBe("mine:\n  loras: /x\n");
    await writeFile(file, "");
    await syncConfigSections(registry, [ref]);
    expect((await stat(file)).size).toBe(0);
  });
});
