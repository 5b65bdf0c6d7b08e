import type { LinkFilter, LinkRegistry } from "./link-record.js";
import { MapperError } from "./mapper-error.js";
import type { ApplyResult } from "./plan.js";
import { removeRecords } from "./remove-records.js";
import { syncConfigSections } from "./sync-config-sections.js";

/**
 * Removes every link the registry holds that matches `filter` (`mlib unlink APP` passes
 * `{app}`, optionally `target`): files proven mlib's are deleted, config sections rewritten or
 * dropped, Ollama blobs deleted only when no manifest uses them. Files that are not mlib's stay.
 */
export async function removeLinks(registry: LinkRegistry, filter: LinkFilter): Promise<ApplyResult> {
  if (!filter || Object.values(filter).every((v) => v === undefined)) {
    throw new MapperError(
      "BAD_INPUT",
      "refusing to remove every link at once: name an app, a target or a model",
    );
  }
  const { results, sections } = await removeRecords(await registry.list(filter), registry);
  try {
    await syncConfigSections(registry, sections);
  } catch (error) {
    for (const r of results)
      if (r.kind === "config") Object.assign(r, { status: "failed", detail: (error as Error).message });
  }
  const count = (status: string) => results.filter((r) => r.status === status).length;
  return {
    results,
    created: 0,
    replaced: 0,
    removed: count("done"),
    kept: 0,
    conflicts: count("left"),
    failed: count("failed"),
  };
}
