// One folder or file name built from model metadata (a name, a repo org): it must stay a single
// path segment that NTFS, ext4 and APFS accept, and never climb out of its parent.

const FORBIDDEN = /[<>:"/\\|?*\p{Cc}\u202A-\u202E\u2066-\u2069]+/gu;
const EDGE = /^[\s.]+|[\s.]+$/gu;
const MAX_CHARS = 100;

/** `input` as one safe path segment; `fallback` when nothing usable is left. */
export function safeSegment(input: string, fallback = "unnamed"): string {
  const cleaned = input.normalize("NFC").replace(FORBIDDEN, "-").replace(/\s+/gu, " ").replace(EDGE, "");
  const cut = [...cleaned].slice(0, MAX_CHARS).join("").replace(EDGE, "");
  return cut === "" ? fallback : cut;
}
