import type { FileHandle } from "node:fs/promises";

/**
 * Reads into all of `buffer` from `position`, looping over short reads; returns the byte count,
 * which is less than `buffer.length` only at end of file.
 */
export async function readFully(handle: FileHandle, buffer: Uint8Array, position: number): Promise<number> {
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}
