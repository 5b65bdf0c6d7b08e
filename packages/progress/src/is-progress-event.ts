import type { ProgressEvent, ProgressEventType } from "./progress-event.js";

type Fields = Record<string, unknown>;

const isCount = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0;
const isText = (v: unknown): v is string => typeof v === "string" && v.length > 0;
const optional = (check: (v: unknown) => boolean) => (v: unknown) => v === undefined || check(v);

const optionalCount = optional(isCount);
const optionalText = optional(isText);

// One check per type for the fields beyond `type`, `id` and `at`. Extra fields are allowed so
// a newer producer can add information without breaking an older reader.
const checks: Record<ProgressEventType, (e: Fields) => boolean> = {
  started: (e) => optionalCount(e.files) && optionalCount(e.totalBytes),
  file_started: (e) => isText(e.file) && optionalCount(e.size),
  file_progress: (e) => isText(e.file) && isCount(e.bytesDone) && optionalCount(e.bytesTotal),
  file_completed: (e) => isText(e.file) && isCount(e.bytes),
  verifying: (e) => optionalText(e.file),
  completed: () => true,
  failed: (e) => isText(e.reason) && optionalText(e.code),
};

/** True when `x` (for example parsed JSON from an SSE stream) is a well-formed `ProgressEvent`. */
export function isProgressEvent(x: unknown): x is ProgressEvent {
  if (typeof x !== "object" || x === null || Array.isArray(x)) return false;
  const e = x as Fields;
  if (typeof e.type !== "string" || !Object.hasOwn(checks, e.type)) return false;
  if (!isText(e.id) || !isCount(e.at)) return false;
  return checks[e.type as ProgressEventType](e);
}
