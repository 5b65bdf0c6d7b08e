import type { ModelLibrary } from "../store/model-library.js";
import { openLibraryLinks } from "./library-links.js";
import { type LinkAppResult, linkApp } from "./link-app.js";

/**
 * Brings every app install mlib has linked into up to date with the library (new models
 * linked, removed ones unlinked, re-identified ones moved to their new folder): `linkApp` again
 * for each (app, target) in the registry, config-mode installs in config mode.
 */
export async function syncLinks(
  library: ModelLibrary,
): Promise<Array<LinkAppResult & { app: string; target: string }>> {
  const records = await (await openLibraryLinks(library)).list();
  const installs = new Map<string, { app: string; target: string; config: boolean }>();
  for (const r of records) {
    const key = `${r.app}\0${r.target}`;
    const seen = installs.get(key);
    installs.set(key, { app: r.app, target: r.target, config: Boolean(seen?.config) || r.kind === "config" });
  }
  const results = [];
  for (const { app, target, config } of installs.values()) {
    const result = await linkApp(library, {
      app,
      target,
      ...(config ? { strategy: "config" as const } : {}),
    });
    results.push({ ...result, app, target });
  }
  return results;
}
