import { createHash } from "node:crypto";
import type { HubRepoSummary, HubSnapshot } from "./hub-catalog.js";

// The hub's task for each model type (what `pipeline_tag` filters on).
const PIPELINE_TAG: Record<string, string> = {
  llm: "text-generation",
  vlm: "image-text-to-text",
  embedding: "feature-extraction",
  reranker: "text-ranking",
  diffusion: "text-to-image",
  "text-encoder": "feature-extraction",
  controlnet: "text-to-image",
  upscaler: "image-to-image",
  audio: "automatic-speech-recognition",
  vision: "image-classification",
};

/**
 * A repo as `/api/models` answers it. With `expand` only `_id`, `id` and the named fields come
 * back (as the hub does); without it, every field, `siblings` only when `withSiblings`.
 * `sha` and `siblings` come from a snapshot of the opened repo; a listing may go without them.
 */
export function repoInfoJson(
  repo: HubRepoSummary,
  snapshot: HubSnapshot | undefined,
  expand: readonly string[],
  withSiblings: boolean,
): Record<string, unknown> {
  const models = repo.models;
  const added = models.map((m) => m.addedAt).sort();
  const updated = models.map((m) => m.updatedAt).sort();
  const tags = new Set<string>();
  for (const m of models) {
    tags.add(m.format);
    for (const tag of m.tags) tags.add(tag);
  }
  const type = models[0]?.type ?? "unknown";
  const full: Record<string, unknown> = {
    _id: createHash("sha1").update(repo.id).digest("hex").slice(0, 24),
    id: repo.id,
    modelId: repo.id,
    author: repo.author,
    createdAt: added[0],
    lastModified: updated[updated.length - 1],
    private: false,
    gated: false,
    disabled: false,
    downloads: 0,
    likes: 0,
    tags: [...tags].sort(),
    ...(PIPELINE_TAG[type] && { pipeline_tag: PIPELINE_TAG[type] }),
    ...(models.some((m) => m.format === "gguf") && { library_name: "gguf" }),
    ...(snapshot && {
      sha: snapshot.commit,
      siblings: [...snapshot.files.keys()].sort().map((rfilename) => ({ rfilename })),
    }),
  };
  if (expand.length > 0) {
    const picked: Record<string, unknown> = { _id: full._id, id: full.id };
    for (const key of expand) if (key in full) picked[key] = full[key];
    return picked;
  }
  if (!withSiblings) delete full.siblings;
  return full;
}
