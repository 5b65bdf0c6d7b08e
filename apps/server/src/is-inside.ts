import { isAbsolute, relative } from "node:path";

/** True when `child` is `parent` or below it; both must be absolute and already resolved (realpath). */
export function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}
