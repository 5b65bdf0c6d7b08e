import type { IndexedModel } from "@ml/index-fts";
import type { LibraryContext } from "../store/library-context.js";
import { loadModel } from "../store/load-model.js";

export interface FileDigestLike {
  size: number;
  sha256: string;
}

/**
 * The first of `candidates` holding exactly these files (same sizes and sha256, names aside);
 * null when none does. Candidates whose metadata cannot be read are passed over.
 */
export async function findModelWithFiles(
  ctx: LibraryContext,
  candidates: readonly IndexedModel[],
  files: readonly FileDigestLike[],
): Promise<string | null> {
  const wanted = contentKey(files);
  for (const candidate of candidates) {
    const record = await loadModel(ctx, candidate.id).catch(() => null);
    if (record && contentKey(record.files) === wanted) return record.id;
  }
  return null;
}

function contentKey(files: readonly FileDigestLike[]): string {
  return files
    .map((f) => `${f.size}:${f.sha256}`)
    .sort()
    .join(",");
}
