import { checkLinks, type LinkHealth } from "@ml/mapper";
import type { ModelLibrary } from "../store/model-library.js";
import { openLibraryLinks } from "./library-links.js";

/** Health of every link mlib made: ok, missing, dangling, replaced, modified, config-missing. */
export async function checkLibraryLinks(
  library: ModelLibrary,
  options: { deep?: boolean } = {},
): Promise<LinkHealth[]> {
  return checkLinks(await openLibraryLinks(library), { deep: Boolean(options.deep) });
}
