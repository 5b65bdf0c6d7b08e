import { realpath, stat } from "node:fs/promises";
import { isInside, type LibraryPaths, libraryPaths } from "../store/library-paths.js";
import { MergeError } from "./merge-error.js";

/**
 * The paths of the library at `sourceRoot` (symlinks resolved), refused with MergeError when it
 * is not a library, is the destination itself, or one lies inside the other.
 */
export async function resolveMergeSource(
  destination: LibraryPaths,
  sourceRoot: string,
): Promise<LibraryPaths> {
  const given = libraryPaths(sourceRoot);
  const isLibrary = await stat(given.state).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isLibrary) {
    throw new MergeError(
      "NOT_A_LIBRARY",
      `${given.root} is not an mlib library (no .mlib folder): nothing was merged`,
      given.root,
    );
  }
  const [source, dest] = await Promise.all([realpath(given.root), realpath(destination.root)]);
  if (source === dest) {
    throw new MergeError(
      "SAME_LIBRARY",
      `${given.root} is this library: a library cannot merge itself`,
      given.root,
    );
  }
  if (isInside(source, dest) || isInside(dest, source)) {
    throw new MergeError(
      "NESTED_LIBRARY",
      `${given.root} and ${destination.root} lie one inside the other: move one elsewhere first`,
      given.root,
    );
  }
  return libraryPaths(source);
}
