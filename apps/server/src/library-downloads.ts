import { join } from "node:path";
import {
  type DownloadEntry,
  importPulled,
  type ModelLibrary,
  openDownloadQueue,
  parsePullSpec,
} from "@ml/library";
import type { DownloadInfo, Downloads, DownloadsEvent } from "./downloads.js";

/**
 * The pull routes over the library's persisted download queue (`@ml/hf`): pulls run in the
 * background (two at a time), survive restarts, and each finished pull is moved into the library
 * with its provenance. Close it after the server.
 */
export function libraryDownloads(
  library: ModelLibrary,
  env: NodeJS.ProcessEnv = process.env,
): Downloads & { close(): Promise<void> } {
  const queue = openDownloadQueue(library, { env });
  const listeners = new Set<(event: DownloadsEvent) => void>();
  const modelIds = new Map<number, string[]>();
  const info = (e: DownloadEntry): DownloadInfo => ({
    id: String(e.id),
    spec: e.spec,
    ...(e.revision ? { revision: e.revision } : {}),
    state: e.state,
    bytesDone: e.bytesDone,
    ...(e.bytesTotal !== undefined ? { bytesTotal: e.bytesTotal } : {}),
    ...(e.reason ? { reason: e.reason } : {}),
    ...(e.code ? { code: e.code } : {}),
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    ...(modelIds.has(e.id) ? { modelIds: modelIds.get(e.id) } : {}),
  });
  const emit = (event: DownloadsEvent) => {
    for (const l of listeners) l(event);
  };
  const unsubscribe = queue.subscribe(async (event) => {
    if (event.type === "progress") return emit({ type: "progress", event: event.event });
    const entry = event.entry;
    if (entry.state === "done" && entry.result && !modelIds.has(entry.id)) {
      try {
        const result = await importPulled(library, entry.result, entry.dest);
        modelIds.set(entry.id, [
          ...result.imported.map((m) => m.id),
          ...result.skipped.flatMap((s) => (s.existingId ? [s.existingId] : [])),
        ]);
      } catch (error) {
        // The verified files stay in .mlib/downloads; the reason reaches the UI.
        const reason = `import failed: ${(error as Error).message}`;
        emit({ type: "changed", download: { ...info(entry), state: "failed", reason } });
        return;
      }
    }
    emit({ type: "changed", download: info(entry) });
  });
  queue.start();
  const id = (s: string) => Number(s);
  return {
    async start({ spec, revision }) {
      const parsed = parsePullSpec(spec);
      const dest = join(library.paths.downloads, parsed.repo.replace("/", "--"));
      return info(queue.enqueue(spec, { revision: revision ?? parsed.revision, dest }));
    },
    pause: async (s) => info(await queue.pause(id(s))),
    resume: async (s) => info(await queue.resume(id(s))),
    cancel: async (s) => info(await queue.cancel(id(s))),
    list: async () => queue.list().map(info),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      unsubscribe();
      await queue.close();
    },
  };
}
