import { closeSync, openSync, readSync } from "node:fs";
import type { FileSource } from "./file-source.js";
import { patternBytes } from "./pattern-bytes.js";

const CHUNK = 1 << 20;

/**
 * Bytes [start, end) of a source in chunks of at most 1 MiB. Synchronous because hashing runs
 * inside the synchronous addRepo; serving uses it too (1 MiB reads block only briefly). Chunks
 * are never rewritten after being yielded, so a stream may buffer them.
 */
export function* readSourceChunks(source: FileSource, start: number, end: number): Generator<Uint8Array> {
  if (source.kind === "bytes") {
    if (end > start) yield source.bytes.subarray(start, end);
    return;
  }
  if (source.kind === "fill") {
    const chunk = new Uint8Array(Math.min(CHUNK, end - start)).fill(source.fill);
    for (let at = start; at < end; at += chunk.byteLength) {
      yield chunk.subarray(0, Math.min(chunk.byteLength, end - at));
    }
    return;
  }
  if (source.kind === "pattern") {
    for (let at = start; at < end; at += CHUNK)
      yield patternBytes(source.seed, at, Math.min(at + CHUNK, end));
    return;
  }
  const fd = openSync(source.path, "r");
  try {
    for (let at = start; at < end; ) {
      const buffer = Buffer.allocUnsafe(Math.min(CHUNK, end - at));
      const read = readSync(fd, buffer, 0, buffer.byteLength, at);
      if (read === 0) throw new Error(`${source.path}: file is shorter than when it was added (${at} bytes)`);
      yield buffer.subarray(0, read);
      at += read;
    }
  } finally {
    closeSync(fd);
  }
}
