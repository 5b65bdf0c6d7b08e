// Readers take a ByteSource rather than a path so the same code runs on an open file (bounded
// reads at offsets, never the whole file) and on a buffer in memory (fuzzing, no disk per case).
import { type FileHandle, open } from "node:fs/promises";

export interface ByteSource {
  /** Size of the whole file, which may be far larger than anything read. */
  readonly size: number;
  /** Up to `length` bytes at `offset`: fewer only where the source ends. */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A source over bytes in memory; `size` may claim more than `bytes` holds (a truncated copy). */
export function bufferSource(bytes: Uint8Array, size: number = bytes.length): ByteSource {
  return {
    size,
    async read(offset, length) {
      const start = Math.min(Math.max(0, offset), bytes.length);
      return bytes.subarray(start, Math.min(bytes.length, start + Math.max(0, length)));
    },
  };
}

/** Opens `path`, hands a source over it to `use`, and always closes it. */
export async function withFileSource<T>(path: string, use: (source: ByteSource) => Promise<T>): Promise<T> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    return await use(fileSource(handle, size));
  } finally {
    await handle.close();
  }
}

function fileSource(handle: FileHandle, size: number): ByteSource {
  return {
    size,
    async read(offset, length) {
      const start = Math.min(Math.max(0, offset), size);
      const want = Math.max(0, Math.min(length, size - start));
      const buffer = Buffer.alloc(want);
      let done = 0;
      while (done < want) {
        const { bytesRead } = await handle.read(buffer, done, want - done, start + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return buffer.subarray(0, done);
    },
  };
}
