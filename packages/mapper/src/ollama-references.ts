// Digests Ollama's manifests still use: a blob is deleted only when none of them names it.
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { errnoCode } from "./mapper-error.js";

const MAX_MANIFEST = 1 << 20;

async function walk(dir: string, found: string[]): Promise<void> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (["ENOENT", "ENOTDIR"].includes(errnoCode(error) ?? "")) return;
    throw error;
  }
  for (const entry of entries) {
    // Hidden files (.DS_Store, editors' temp files) are not manifests Ollama reads.
    if (entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, found);
    else if (entry.isFile()) found.push(full);
  }
}

/**
 * Every digest (config and layers) named by a manifest under `<modelsDir>/manifests`, and the
 * files that could not be read as manifests (they might name anything, so blobs stay).
 */
export async function ollamaReferences(
  modelsDir: string,
): Promise<{ digests: Set<string>; unreadable: string[] }> {
  const files: string[] = [];
  await walk(path.join(modelsDir, "manifests"), files);
  const digests = new Set<string>();
  const unreadable: string[] = [];
  for (const file of files) {
    try {
      if ((await stat(file)).size > MAX_MANIFEST) throw new Error("too big for a manifest");
      const manifest = JSON.parse(await readFile(file, "utf8")) as {
        config?: { digest?: unknown };
        layers?: Array<{ digest?: unknown }>;
      };
      const named = [
        manifest.config?.digest,
        ...(Array.isArray(manifest.layers) ? manifest.layers.map((l) => l?.digest) : []),
      ];
      for (const digest of named) if (typeof digest === "string") digests.add(digest);
    } catch {
      unreadable.push(file);
    }
  }
  return { digests, unreadable };
}
