import { openJsonLinkRegistry, removeModelLinks } from "@ml/mapper";
import type { ModelRecord } from "../store/model-record.js";

/**
 * The remove hook every open library carries: a model's links into apps (files, Ollama
 * manifests, config entries) go before its files do, so no app is left pointing at nothing.
 * A link that cannot be removed aborts the removal.
 */
export function removeLinksOfModel(registryFile: string): (record: ModelRecord) => Promise<void> {
  return async (record) => {
    const result = await removeModelLinks(await openJsonLinkRegistry(registryFile), record.id);
    if (result.failed > 0) {
      const failed = result.results.filter((r) => r.status === "failed").map((r) => `${r.path}: ${r.detail}`);
      throw new Error(`could not remove ${result.failed} link(s) of ${record.id}: ${failed.join("; ")}`);
    }
  };
}
