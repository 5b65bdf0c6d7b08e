/** How a model came into the library. */
export type ModelSource = "import" | "download" | "adopt";

export const MODEL_SOURCES: readonly ModelSource[] = ["import", "download", "adopt"];

/**
 * One model as the index stores it: the searchable subset of its metadata.json.
 * Optional fields come back from the index as `null` when they were not set.
 */
export interface IndexedModel {
  id: string;
  name: string;
  officialName?: string | null;
  type: string;
  subtype?: string | null;
  format: string;
  architecture?: string | null;
  baseModel?: string | null;
  quantization?: string | null;
  parameterCount?: number | null;
  contextLength?: number | null;
  /** Total bytes of the model's files. */
  size: number;
  sha256?: string | null;
  blake3?: string | null;
  fastHash?: string | null;
  tags: string[];
  /** Hugging Face repo, `org/name`. */
  repo?: string | null;
  publisher?: string | null;
  notes?: string | null;
  source: ModelSource;
  /** The model folder, relative to the library root. */
  path: string;
  /** ISO 8601 time. */
  addedAt: string;
  /** ISO 8601 time. */
  updatedAt: string;
}
