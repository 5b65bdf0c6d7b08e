import type { IndexedModel } from "./indexed-model.js";
import { toIndexedText } from "./to-indexed-text.js";

/**
 * The values of the `models_fts` columns for a model, in FTS_COLUMNS order: each field indexed
 * on its own (so no n-gram spans two fields), the fields of one column joined. `memo` maps field
 * text to its indexed text: sharing one between a model's old and new version computes the
 * unchanged fields once.
 */
export function toFtsRow(
  m: Required<IndexedModel>,
  facets: string,
  memo = new Map<string, string>(),
): (string | null)[] {
  const column = (...fields: (string | null)[]) => {
    const parts: string[] = [];
    for (const text of fields) {
      if (text === null) continue;
      let indexed = memo.get(text);
      if (indexed === undefined) {
        indexed = toIndexedText(text);
        memo.set(text, indexed);
      }
      parts.push(indexed);
    }
    return parts.length ? parts.join(" ") : null;
  };
  return [
    column(m.name, m.officialName),
    column(m.architecture, m.quantization),
    column(m.baseModel, m.type, m.format, JSON.stringify(m.tags), m.repo, m.publisher),
    column(m.notes),
    facets,
  ];
}
