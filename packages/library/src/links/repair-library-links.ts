import { type RepairResult, repairLinks } from "@ml/mapper";
import type { ModelLibrary } from "../store/model-library.js";
import { mapperModels, openLibraryLinks } from "./library-links.js";

/** Recreates what is mlib's and broken; forgets records of models no longer in the library. */
export async function repairLibraryLinks(
  library: ModelLibrary,
  options: { deep?: boolean } = {},
): Promise<RepairResult> {
  const registry = await openLibraryLinks(library);
  return repairLinks(registry, { models: await mapperModels(library), deep: Boolean(options.deep) });
}
