import { type ByteSource, bufferSource } from "../identify/byte-source.js";

/**
 * A buffer source that throws if a read asks for more than the input could justify (more than
 * its size, beyond one 64 KiB window): fuzz cases use it to prove that no length read from the
 * bytes drives an allocation larger than the input.
 */
export function guardedSource(bytes: Uint8Array, size = bytes.length): ByteSource {
  const inner = bufferSource(bytes, size);
  return {
    size,
    read(offset, length) {
      if (length > Math.max(size, 64 * 1024))
        throw new Error(`read of ${length} bytes from a ${size}-byte input`);
      return inner.read(offset, length);
    },
  };
}
