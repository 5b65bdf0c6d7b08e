// Reads a zip's central directory (PyTorch checkpoints are zip archives of a pickle and raw
// storages) with bounded reads: every count and offset in the end records is checked against
// the file size and hard limits before anything is allocated from it. Entry data is not read.
import type { ByteSource } from "./byte-source.js";
import { IdentifyError } from "./identify-error.js";

/** Largest central directory read; a PyTorch archive of 100 000 tensors needs about 8 MiB. */
export const MAX_ZIP_DIRECTORY_BYTES = 64 * 1024 * 1024;
/** Most entries listed; the rest are counted in `totalEntries` only. */
export const MAX_ZIP_ENTRIES = 200_000;

export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflate. */
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

export interface ZipDirectory {
  entries: ZipEntry[];
  /** What the end record claims; larger than `entries.length` when the listing was capped. */
  totalEntries: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;

export async function readZipDirectory(source: ByteSource): Promise<ZipDirectory> {
  const tailLength = Math.min(source.size, 22 + 0xffff);
  const tailStart = source.size - tailLength;
  const tail = await source.read(tailStart, tailLength);
  const view = dataView(tail);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (view.getUint32(i, true) === EOCD && i + 22 + view.getUint16(i + 20, true) <= tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad("no end-of-central-directory record");

  let totalEntries: number | bigint = view.getUint16(eocd + 10, true);
  let directorySize: number | bigint = view.getUint32(eocd + 12, true);
  let directoryOffset: number | bigint = view.getUint32(eocd + 16, true);
  if (totalEntries === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    if (eocd < 20 || view.getUint32(eocd - 20, true) !== ZIP64_LOCATOR) throw bad("zip64 locator missing");
    const recordOffset = view.getBigUint64(eocd - 20 + 8, true);
    if (recordOffset > BigInt(source.size - 56)) throw bad("zip64 end record is past the end of the file");
    const record = await source.read(Number(recordOffset), 56);
    const rv = dataView(record);
    if (record.length < 56 || rv.getUint32(0, true) !== ZIP64_EOCD) throw bad("zip64 end record missing");
    totalEntries = rv.getBigUint64(32, true);
    directorySize = rv.getBigUint64(40, true);
    directoryOffset = rv.getBigUint64(48, true);
  }
  const size = BigInt(directorySize);
  const offset = BigInt(directoryOffset);
  if (size > BigInt(MAX_ZIP_DIRECTORY_BYTES)) {
    throw new IdentifyError("HEADER_TOO_LARGE", `zip: central directory of ${size} bytes is over the limit`);
  }
  if (offset + size > BigInt(source.size)) throw bad("central directory is past the end of the file");
  // Each entry takes at least 46 bytes, so a larger count is a lie.
  if (BigInt(totalEntries) * 46n > size) throw bad(`${totalEntries} entries cannot fit in ${size} bytes`);

  const directory = await source.read(Number(offset), Number(size));
  if (directory.length < Number(size))
    throw new IdentifyError("TRUNCATED", "zip: central directory is cut short");
  const entries = parseEntries(directory, Math.min(Number(totalEntries), MAX_ZIP_ENTRIES));
  return { entries, totalEntries: Number(totalEntries) };
}

function parseEntries(directory: Uint8Array, count: number): ZipEntry[] {
  const view = dataView(directory);
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > directory.length || view.getUint32(at, true) !== CENTRAL)
      throw bad(`entry ${n} is not a directory record`);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > directory.length) throw bad(`entry ${n} runs past the central directory`);
    const entry: ZipEntry = {
      name: decoder.decode(directory.subarray(at + 46, at + 46 + nameLength)),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      localHeaderOffset: view.getUint32(at + 42, true),
    };
    readZip64Extra(view, at + 46 + nameLength, extraLength, entry);
    entries.push(entry);
    at = end;
  }
  return entries;
}

/** Replaces 0xFFFFFFFF sizes/offsets with the 64-bit values of the zip64 extra field. */
function readZip64Extra(view: DataView, start: number, length: number, entry: ZipEntry): void {
  const MAX = 0xffffffff;
  let at = start;
  while (at + 4 <= start + length) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    const end = Math.min(at + 4 + size, start + length);
    if (id === 0x0001) {
      let p = at + 4;
      const next = (): number | null => {
        if (p + 8 > end) return null;
        const value = view.getBigUint64(p, true);
        p += 8;
        return value > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(value);
      };
      if (entry.size === MAX) entry.size = next() ?? entry.size;
      if (entry.compressedSize === MAX) entry.compressedSize = next() ?? entry.compressedSize;
      if (entry.localHeaderOffset === MAX) entry.localHeaderOffset = next() ?? entry.localHeaderOffset;
      return;
    }
    at += 4 + size;
  }
}

/**
 * Reads the data of a stored (uncompressed) entry of at most `maxBytes`; null when it is
 * compressed, larger, or its local header does not check out.
 */
export async function readStoredEntry(
  source: ByteSource,
  entry: ZipEntry,
  maxBytes: number,
): Promise<Uint8Array | null> {
  if (entry.method !== 0 || entry.size > maxBytes || entry.size !== entry.compressedSize) return null;
  const local = await source.read(entry.localHeaderOffset, 30);
  if (local.length < 30) return null;
  const lv = dataView(local);
  if (lv.getUint32(0, true) !== 0x04034b50) return null;
  const dataStart = entry.localHeaderOffset + 30 + lv.getUint16(26, true) + lv.getUint16(28, true);
  if (dataStart + entry.size > source.size) return null;
  const data = await source.read(dataStart, entry.size);
  return data.length === entry.size ? data : null;
}

function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function bad(problem: string): IdentifyError {
  return new IdentifyError("BAD_ZIP", `zip: ${problem}`);
}
