import type { Snapshot } from "./build-snapshot.js";
import type { StoredRepo } from "./repo-store.js";

/**
 * A repo as /api/{type}s answers it. With `expand` only `_id`, `id` and the named fields come
 * back (the hub does the same, so a caller that forgets to ask for `sha` or `siblings` notices);
 * without it, everything, `siblings` only when `withSiblings`.
 */
export function repoInfoJson(
  repo: StoredRepo,
  snapshot: Snapshot,
  expand: readonly string[],
  withSiblings: boolean,
): Record<string, unknown> {
  const slash = repo.id.indexOf("/");
  const full: Record<string, unknown> = {
    ...(slash !== -1 && { author: repo.id.slice(0, slash) }),
    createdAt: snapshot.date,
    disabled: false,
    downloads: 0,
    likes: 0,
    tags: [],
    ...repo.info,
    _id: repo.objectId,
    id: repo.id,
    ...(repo.type === "model" && { modelId: repo.id }),
    sha: snapshot.commit,
    lastModified: snapshot.date,
    private: repo.private,
    gated: repo.gated,
    siblings: [...snapshot.files.keys()].sort().map((rfilename) => ({ rfilename })),
  };
  if (expand.length > 0) {
    const picked: Record<string, unknown> = { _id: full._id, id: full.id };
    for (const key of expand) if (key in full) picked[key] = full[key];
    return picked;
  }
  if (!withSiblings) delete full.siblings;
  return full;
}
