import { dirname, join } from "node:path";
import type { PullResult } from "@ml/hf";
import type { ProgressSink } from "@ml/progress";
import type { ImportResult } from "../import/import-types.js";
import type { ModelLibrary } from "../store/model-library.js";

/**
 * Moves the verified files of a pull into the library with their provenance (repo, revision,
 * commit, file). The digests the pull computed while streaming are handed over, so nothing is
 * read twice. GGUF variants are imported file by file (shards go together, an mmproj is its own
 * model); other variants (safetensors sets with their config, diffusers) as one folder.
 */
export async function importPulled(
  library: ModelLibrary,
  result: PullResult,
  dest: string,
  options: { signal?: AbortSignal; onProgress?: ProgressSink } = {},
): Promise<ImportResult> {
  const knownDigests = Object.fromEntries(
    result.files.map((f) => [f.localPath, { size: f.size, sha256: f.sha256, blake3: f.blake3 }]),
  );
  const gguf = result.files.filter((f) => f.path.toLowerCase().endsWith(".gguf"));
  const paths = gguf.length > 0 ? gguf.map((f) => f.localPath) : [commonFolder(result, dest)];
  const primary = gguf[0]?.path ?? result.files[0]?.path;
  return library.import(paths, {
    mode: "move",
    knownDigests,
    source: {
      kind: "download",
      repo: result.repo,
      revision: result.revision,
      commit: result.commit,
      ...(primary ? { file: primary } : {}),
    },
    signal: options.signal,
    onProgress: options.onProgress,
  });
}

/** The folder holding every file of the variant (the repo folder of a diffusers or HF layout). */
function commonFolder(result: PullResult, dest: string): string {
  const parts = result.files.map((f) => dirname(f.path).split("/"));
  const first = parts[0] ?? [];
  let depth = 0;
  while (depth < first.length && first[depth] !== "." && parts.every((p) => p[depth] === first[depth]))
    depth++;
  return join(dest, ...first.slice(0, depth));
}
