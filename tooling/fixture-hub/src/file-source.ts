/** Where a served file's bytes come from. */
export type FileSource =
  | { kind: "bytes"; bytes: Uint8Array }
  | { kind: "fill"; size: number; fill: number }
  | { kind: "pattern"; size: number; seed: number }
  | { kind: "disk"; path: string; size: number };

export function sourceSize(source: FileSource): number {
  return source.kind === "bytes" ? source.bytes.byteLength : source.size;
}
