import { type ModelLibrary, syncLinks } from "@ml/library";

export interface LinkSync {
  /** A library change happened: sync the linked apps once things are quiet for `delayMs`. */
  schedule(): void;
  /** Stops the timer and waits for a sync in progress. */
  close(): Promise<void>;
}

/**
 * Keeps every app install linked before in step with the library while the server runs:
 * imports, removals and re-identifications (from the API, the watcher or a pull) are followed by
 * one `syncLinks` after a quiet period, never two at once.
 */
export function createLinkSync(
  library: ModelLibrary,
  options: {
    delayMs?: number;
    onSynced?: (results: Awaited<ReturnType<typeof syncLinks>>) => void;
    onError?: (error: unknown) => void;
  } = {},
): LinkSync {
  const delayMs = options.delayMs ?? 2000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;
  const run = async () => {
    timer = undefined;
    if (running) {
      again = true;
      return;
    }
    running = syncLinks(library)
      .then((results) => {
        // The sync's own registry writes cause no library change, so this does not loop.
        if (
          results.some(
            (r) => (r.applied?.created ?? 0) + (r.applied?.removed ?? 0) + (r.applied?.replaced ?? 0) > 0,
          )
        ) {
          options.onSynced?.(results);
        }
      }, options.onError)
      .finally(() => {
        running = undefined;
        if (again && !closed) {
          again = false;
          timer = setTimeout(run, delayMs);
        }
      });
  };
  return {
    schedule() {
      if (closed) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(run, delayMs);
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
