export type RangeRequest =
  | { kind: "none" }
  | { kind: "unsatisfiable" }
  | { kind: "range"; start: number /** inclusive */; end: number };

/**
 * One `Range: bytes=` spec against a file of `size` bytes (RFC 9110 §14). A malformed header or
 * several ranges are ignored (the whole file is sent, which the RFC allows); a range starting at
 * or past the end, or any range of an empty file, is unsatisfiable.
 */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  const match = header === undefined ? null : /^\s*bytes\s*=\s*(\d{0,20})\s*-\s*(\d{0,20})\s*$/i.exec(header);
  if (!match) return { kind: "none" };
  const [, first = "", last = ""] = match;
  if (first === "") {
    if (last === "") return { kind: "none" };
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "range", start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== "" && Number(last) < start) return { kind: "none" };
  if (start >= size) return { kind: "unsatisfiable" };
  return { kind: "range", start, end: last === "" ? size - 1 : Math.min(Number(last), size - 1) };
}
