import { type IndexedModel, MAX_LIMIT, type ModelIndex } from "@ml/index-fts";

/** Every model in the index, by name then id, a page at a time. */
export function listAllModels(index: ModelIndex): IndexedModel[] {
  const all: IndexedModel[] = [];
  for (let offset = 0; ; offset += MAX_LIMIT) {
    const page = index.search({ sort: "name", limit: MAX_LIMIT, offset });
    all.push(...page.items);
    if (page.items.length < MAX_LIMIT) return all;
  }
}
