export interface SplitPath {
  /** The path with `\` turned into `/`. */
  path: string;
  /** Everything before the last separator, `/`-separated; "" for a bare name, "/" for the root. */
  folder: string;
  /** The last path segment. */
  name: string;
}

/** Splits a POSIX or Windows path; both separators count, so `C:\m\a.gguf` has folder `C:/m`. */
export function splitPath(input: string): SplitPath {
  const path = input.replaceAll("\\", "/");
  const cut = path.lastIndexOf("/");
  if (cut < 0) return { path, folder: "", name: path };
  return { path, folder: cut === 0 ? "/" : path.slice(0, cut), name: path.slice(cut + 1) };
}
