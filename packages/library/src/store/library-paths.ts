import { isAbsolute, join, relative, resolve } from "node:path";

/** Where a library keeps things (DESIGN §3). All absolute. */
export interface LibraryPaths {
  root: string;
  /** `<root>/.mlib`: state, never models. */
  state: string;
  /** The search index (a cache, rebuilt from metadata.json files). */
  db: string;
  /** Its mtime is when the index last passed a full integrity check. */
  dbChecked: string;
  /** Imports being assembled; each in its own `<import-id>/`. */
  tmp: string;
  /** Records of operations in flight, read by recovery after a crash. */
  journal: string;
  /** Exclusive lock file taken around every mutation. */
  lock: string;
  /** Registry of the links mlib made into apps (@ml/mapper's JSON registry): durable state. */
  links: string;
  /** Pulls in progress: `.part` files that resume across runs, and the queue (downloads.db). */
  downloads: string;
}

export const STATE_DIR = ".mlib";

export function libraryPaths(root: string): LibraryPaths {
  const abs = resolve(root);
  const state = join(abs, STATE_DIR);
  return {
    root: abs,
    state,
    db: join(state, "library.db"),
    dbChecked: join(state, "library.db.checked"),
    tmp: join(state, "tmp"),
    journal: join(state, "journal"),
    lock: join(state, "lock"),
    links: join(state, "links.json"),
    downloads: join(state, "downloads"),
  };
}

/** True when `child` is `parent` itself or below it (paths compared after resolving). */
export function isInside(parent: string, child: string): boolean {
  const rel = relative(resolve(parent), resolve(child));
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}
