// Rewrites mlib's section(s) of ComfyUI's extra_model_paths.yaml from the config records left
// in the registry: one key per folder some model still needs; no record left, no section.
import type { LinkRegistry } from "./link-record.js";
import { type SectionValue, updateExtraModelPaths } from "./update-extra-model-paths.js";

export interface SectionRef {
  file: string;
  section: string;
}

/** Brings each section named in `refs` in line with the registry's config records. */
export async function syncConfigSections(registry: LinkRegistry, refs: SectionRef[]): Promise<void> {
  const seen = new Set<string>();
  for (const ref of refs) {
    const key = `${ref.file}\0${ref.section}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const entries = (await registry.list({ kind: "config", path: ref.file }))
      .map((r) => r.config)
      .filter((c) => c !== undefined && c.section === ref.section);
    const first = entries[0];
    if (!first) {
      await updateExtraModelPaths(ref.file, ref.section, null);
      continue;
    }
    const value: SectionValue = { base_path: first.basePath };
    if (entries.some((e) => e?.isDefault)) value.is_default = true;
    for (const folder of [...new Set(entries.map((e) => e?.key ?? ""))].sort()) value[folder] = folder;
    await updateExtraModelPaths(ref.file, ref.section, value);
  }
}
