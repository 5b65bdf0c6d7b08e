import { statSync } from "node:fs";

export interface ChangeStamp {
  /** A number that changes whenever the library may have changed. */
  value(): number;
  /** Says the library changed (an event from this process). */
  bump(): void;
}

export interface ChangeStampOptions {
  /** Files whose size and modification time change with every write: the index and its WAL. */
  files: readonly string[];
  /** How often the files are looked at, in milliseconds. Default 250. */
  checkMs?: number;
  now?: () => number;
}

/**
 * What caches key on to never serve what the library no longer holds. Changes made in this
 * process bump it at once (library and watcher events); changes another process makes to the
 * shared index (an `mlib import` while the server runs) show in the index files' size and
 * modification time, looked at no more than every `checkMs` (two `stat` calls).
 */
export function createChangeStamp(options: ChangeStampOptions): ChangeStamp {
  const { files, checkMs = 250, now = () => performance.now() } = options;
  let generation = 0;
  let checkedAt = Number.NEGATIVE_INFINITY;
  let signature = "";
  const look = () =>
    files
      .map((file) => {
        try {
          const s = statSync(file, { bigint: true });
          return `${s.size}:${s.mtimeNs}:${s.ino}`;
        } catch {
          return "-";
        }
      })
      .join("|");
  return {
    value() {
      const t = now();
      if (t - checkedAt >= checkMs) {
        checkedAt = t;
        const current = look();
        if (current !== signature) {
          signature = current;
          generation++;
        }
      }
      return generation;
    },
    bump() {
      generation++;
    },
  };
}
