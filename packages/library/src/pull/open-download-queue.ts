import { join } from "node:path";
import { createHubFetch, DownloadQueue, resolveHfConfig } from "@ml/hf";
import type { ModelLibrary } from "../store/model-library.js";

/**
 * The library's persisted download queue (`.mlib/downloads/queue.db`): what is queued, running,
 * paused or failed survives the process, and `mlib downloads` in another terminal sees it.
 */
export function openDownloadQueue(
  library: ModelLibrary,
  options: { env?: NodeJS.ProcessEnv; toHfCache?: boolean } = {},
): DownloadQueue {
  const hub = createHubFetch(resolveHfConfig(options.env ?? process.env));
  return new DownloadQueue({
    db: join(library.paths.downloads, "queue.db"),
    dir: library.paths.downloads,
    hub,
    ...(options.toHfCache ? { pull: { toHfCache: true } } : {}),
  });
}
