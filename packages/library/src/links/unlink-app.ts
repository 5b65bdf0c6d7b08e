import { realpath } from "node:fs/promises";
import { type ApplyResult, getProfile, removeLinks } from "@ml/mapper";
import type { ModelLibrary } from "../store/model-library.js";
import { openLibraryLinks } from "./library-links.js";

/** Removes every link (and config entry) mlib made into the app, at one target or all of them. */
export async function unlinkApp(library: ModelLibrary, app: string, target?: string): Promise<ApplyResult> {
  const registry = await openLibraryLinks(library);
  const id = getProfile(app).id;
  const where = target ? await realpath(target).catch(() => target) : undefined;
  return removeLinks(registry, { app: id, ...(where ? { target: where } : {}) });
}
