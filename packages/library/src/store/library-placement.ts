import { realpath, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { LibraryPaths } from "./library-paths.js";
import { isInside } from "./library-paths.js";
import { METADATA_FILE } from "./metadata-schema.js";

/**
 * Where `path` sits in the library: "state" inside `.mlib/`, "model" inside a model folder
 * (one holding metadata.json), "tree" elsewhere under the root, null outside it. Symlinks are
 * resolved, so a link into the library counts as inside.
 */
export async function libraryPlacement(
  paths: LibraryPaths,
  path: string,
): Promise<{ where: "state" | "model" | "tree"; modelFolder?: string } | null> {
  const root = await realpath(paths.root).catch(() => paths.root);
  const real = await realpath(path).catch(() => path);
  if (!isInside(root, real)) return null;
  if (isInside(join(root, ".mlib"), real)) return { where: "state" };
  const info = await stat(real).catch(() => null);
  for (
    let dir = info?.isDirectory() ? real : dirname(real);
    dir !== root && isInside(root, dir);
    dir = dirname(dir)
  ) {
    if (
      await stat(join(dir, METADATA_FILE)).then(
        (s) => s.isFile(),
        () => false,
      )
    ) {
      return { where: "model", modelFolder: dir };
    }
  }
  return { where: "tree" };
}
