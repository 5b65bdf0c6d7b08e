import { HttpError } from "./http-reply.js";

interface Pending {
  path?: string;
  remaining: number;
}
interface PendingCut extends Pending {
  path: string;
  afterBytes: number;
  kind: "interrupt" | "stall";
}
interface PendingFailure extends Pending {
  status: number;
}
interface PendingCorruption extends Pending {
  path: string;
  at: number;
}

/** Faults armed by a test (cut, stalled, failed or corrupted downloads), each used up as it fires. */
export class DownloadFaults {
  readonly #cuts: PendingCut[] = [];
  readonly #failures: PendingFailure[] = [];
  readonly #corruptions: PendingCorruption[] = [];

  addCut(path: string, afterBytes: number, times: number, kind: PendingCut["kind"]): void {
    this.#cuts.push({ path, afterBytes, remaining: times, kind });
  }

  addFailure(path: string | undefined, status: number, times: number): void {
    this.#failures.push({ ...(path !== undefined && { path }), status, remaining: times });
  }

  addCorruption(path: string, at: number, times: number): void {
    this.#corruptions.push({ path, at, remaining: times });
  }

  /**
   * Throws the armed failure for a request: `path` undefined means any request (checked first thing),
   * a repo path means a download of that file.
   */
  throwFailure(path: string | undefined): void {
    const hit = take(this.#failures, (f) => f.path === path);
    if (hit) throw new HttpError(hit.status, `Injected failure (fixture hub): ${hit.status}`);
  }

  /** The cut for a body of `length` bytes of `path`; bodies not longer than the cut are left alone. */
  takeCut(path: string, length: number): { afterBytes: number; kind: PendingCut["kind"] } | undefined {
    return take(this.#cuts, (c) => c.path === path && length > c.afterBytes);
  }

  /** The file offset to corrupt in a body of bytes [start, end) of `path`, when one is armed there. */
  takeCorruption(path: string, start: number, end: number): number | undefined {
    return take(this.#corruptions, (c) => c.path === path && c.at >= start && c.at < end)?.at;
  }
}

function take<T extends Pending>(pending: T[], matches: (p: T) => boolean): T | undefined {
  const hit = pending.find((p) => p.remaining > 0 && matches(p));
  if (hit) hit.remaining--;
  return hit;
}
