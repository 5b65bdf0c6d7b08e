import type { IndexedModel } from "../indexed-model.js";

/** A valid document with plain defaults; `overrides` set what the test is about. */
export function makeModel(overrides: Partial<IndexedModel> & { id: string }): IndexedModel {
  return {
    name: overrides.id,
    type: "llm",
    format: "gguf",
    size: 1000,
    tags: [],
    source: "import",
    path: `llm/test/${overrides.id}`,
    addedAt: "2025-01-01T00:00:00.000Z",
    updatedAt: "2025-01-01T00:00:00.000Z",
    ...overrides,
  };
}
