import type { LibraryContext } from "./library-context.js";
import { LibraryError } from "./library-error.js";
import { listAllModels } from "./list-all-models.js";

/**
 * The id a user means: the exact id, else the one id starting with `idOrPrefix`. Throws
 * NOT_FOUND, or AMBIGUOUS_ID listing the candidates.
 */
export function resolveModelId(ctx: LibraryContext, idOrPrefix: string): string {
  const wanted = idOrPrefix.trim().toLowerCase();
  if (wanted === "") throw new LibraryError("NOT_FOUND", "no model id given");
  if (ctx.index.get(wanted)) return wanted;
  // The index has no id-prefix lookup: page through ids (rare: only when the exact id misses).
  const matches = listAllModels(ctx.index)
    .map((m) => m.id)
    .filter((id) => id.startsWith(wanted));
  if (matches.length === 1) return matches[0] as string;
  if (matches.length === 0)
    throw new LibraryError("NOT_FOUND", `no model with id or id prefix ${idOrPrefix}`);
  matches.sort();
  throw new LibraryError(
    "AMBIGUOUS_ID",
    `${idOrPrefix} matches ${matches.length} models: ${matches.slice(0, 5).join(", ")}${matches.length > 5 ? ", ..." : ""}`,
    { candidates: matches },
  );
}
