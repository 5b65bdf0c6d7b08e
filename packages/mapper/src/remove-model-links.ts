import type { LinkRegistry } from "./link-record.js";
import type { ApplyResult } from "./plan.js";
import { removeLinks } from "./remove-links.js";

/**
 * Removes every link of one model in every app, of every kind: links, copies, config entries,
 * Ollama manifests and the blobs only they used. The library calls it before deleting a model.
 */
export async function removeModelLinks(registry: LinkRegistry, modelId: string): Promise<ApplyResult> {
  return removeLinks(registry, { modelId });
}
