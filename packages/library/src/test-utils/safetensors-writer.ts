// Writes safetensors files for tests: a real header with real tensor names and shapes, then the
// data section as a hole (ftruncate), so a "20 GiB" checkpoint costs a few kilobytes of disk.
import { open } from "node:fs/promises";
import { SAFETENSORS_DTYPE_BITS } from "../identify/safetensors-header.js";

export interface TensorSpec {
  shape: number[];
  /** Default F16. */
  dtype?: string;
}

export type TensorTable = Record<string, TensorSpec> | ReadonlyArray<readonly [string, TensorSpec]>;

export interface SafetensorsBytes {
  /** 8-byte length + JSON header (space-padded to 8 bytes, as the reference writer does). */
  header: Uint8Array;
  /** Bytes of tensor data that follow the header. */
  dataSize: number;
}

/** Builds the header for `tensors`, laid out back to back in the given order. */
export function buildSafetensorsHeader(
  tensors: TensorTable,
  metadata?: Record<string, string>,
): SafetensorsBytes {
  const entries = tableEntries(tensors);
  const json: Record<string, unknown> = {};
  if (metadata) json.__metadata__ = metadata;
  let offset = 0;
  for (const [name, spec] of entries) {
    const dtype = spec.dtype ?? "F16";
    const bits = SAFETENSORS_DTYPE_BITS[dtype];
    if (bits === undefined) throw new Error(`unknown dtype ${dtype}`);
    const elements = spec.shape.reduce((a, b) => a * b, 1);
    const bytes = (elements * bits) / 8;
    json[name] = { dtype, shape: spec.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let text = JSON.stringify(json);
  text += " ".repeat((8 - ((Buffer.byteLength(text) + 8) % 8)) % 8);
  const body = Buffer.from(text, "utf8");
  const header = Buffer.alloc(8 + body.length);
  header.writeBigUInt64LE(BigInt(body.length), 0);
  body.copy(header, 8);
  return { header, dataSize: offset };
}

/** Writes a safetensors file whose data is all zeros (sparse). Returns the file size. */
export async function writeSafetensors(
  path: string,
  tensors: TensorTable,
  options: { metadata?: Record<string, string>; size?: number } = {},
): Promise<number> {
  const { header, dataSize } = buildSafetensorsHeader(tensors, options.metadata);
  const size = options.size ?? header.length + dataSize;
  const handle = await open(path, "w");
  try {
    await handle.write(header, 0, header.length, 0);
    await handle.truncate(size);
  } finally {
    await handle.close();
  }
  return size;
}

/** Element count of a table, for asserting parameter counts. */
export function countParameters(tensors: TensorTable): number {
  return tableEntries(tensors).reduce((sum, [, spec]) => sum + spec.shape.reduce((a, b) => a * b, 1), 0);
}

function tableEntries(tensors: TensorTable): ReadonlyArray<readonly [string, TensorSpec]> {
  return Array.isArray(tensors)
    ? (tensors as ReadonlyArray<readonly [string, TensorSpec]>)
    : Object.entries(tensors as Record<string, TensorSpec>);
}
