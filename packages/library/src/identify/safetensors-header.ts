// Strict reader of the safetensors header: 8-byte little-endian length, then that many bytes of
// JSON `{name: {dtype, shape, data_offsets}, __metadata__?: {string: string}}`. Every length and
// offset is treated as hostile: nothing is allocated from a header length before it has been
// checked against the limit and the file size, and weights are never read.
import { IdentifyError } from "./identify-error.js";
import { isJsonObject } from "./json-object.js";

/** Largest header accepted; the reference implementation uses the same 100 MiB bound. */
export const SAFETENSORS_MAX_HEADER_LENGTH = 100 * 1024 * 1024;

/** Bits per element of each dtype the format defines. */
export const SAFETENSORS_DTYPE_BITS: Readonly<Record<string, number>> = {
  BOOL: 8,
  U8: 8,
  I8: 8,
  F8_E5M2: 8,
  F8_E4M3: 8,
  F8_E8M0: 8,
  I16: 16,
  U16: 16,
  F16: 16,
  BF16: 16,
  I32: 32,
  U32: 32,
  F32: 32,
  F64: 64,
  I64: 64,
  U64: 64,
  C64: 64,
  F4: 4,
  F6_E2M3: 6,
  F6_E3M2: 6,
};

export interface SafetensorsTensor {
  name: string;
  dtype: string;
  shape: number[];
  /** Element count (product of the shape). */
  elements: number;
  /** Byte range inside the data section, which starts right after the header. */
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  /** Length of the JSON header in bytes (the first 8 bytes of the file say it). */
  headerLength: number;
  /** File offset where tensor data starts: 8 + headerLength. */
  dataStart: number;
  /** Bytes after the header: fileSize - dataStart. */
  dataSize: number;
  /** Highest end offset of any tensor; less than dataSize when the file has trailing bytes. */
  dataEnd: number;
  tensors: SafetensorsTensor[];
  metadata: Record<string, string> | null;
}

/**
 * Reads and checks the header length from the first 8 bytes of a file of `fileSize` bytes.
 * Throws `IdentifyError` TRUNCATED when the file is too short for it, HEADER_TOO_LARGE over the
 * limit, BAD_HEADER when it cannot hold even `{}`.
 */
export function safetensorsHeaderLength(prefix: Uint8Array, fileSize: number): number {
  if (prefix.length < 8 || fileSize < 8) {
    throw new IdentifyError("TRUNCATED", "safetensors: file is shorter than the 8-byte header length");
  }
  const view = new DataView(prefix.buffer, prefix.byteOffset, 8);
  const length = view.getBigUint64(0, true);
  if (length > BigInt(SAFETENSORS_MAX_HEADER_LENGTH)) {
    throw new IdentifyError(
      "HEADER_TOO_LARGE",
      `safetensors: header length ${length} is over the ${SAFETENSORS_MAX_HEADER_LENGTH}-byte limit`,
    );
  }
  const n = Number(length);
  if (n > fileSize - 8) {
    throw new IdentifyError(
      "TRUNCATED",
      `safetensors: header length ${n} is past the end of the ${fileSize}-byte file`,
    );
  }
  if (n < 2) throw new IdentifyError("BAD_HEADER", `safetensors: header length ${n} is too small`);
  return n;
}

/**
 * Parses a header from `bytes` (the start of a file of `fileSize` bytes: at least 8 + header
 * length of them). Throws `IdentifyError` (BAD_HEADER, HEADER_TOO_LARGE, TRUNCATED) naming the
 * first problem found.
 */
export function parseSafetensorsHeader(bytes: Uint8Array, fileSize: number): SafetensorsHeader {
  const headerLength = safetensorsHeaderLength(bytes, fileSize);
  if (bytes.length < 8 + headerLength) {
    throw new IdentifyError(
      "TRUNCATED",
      `safetensors: only ${bytes.length - 8} of ${headerLength} header bytes`,
    );
  }
  const raw = bytes.subarray(8, 8 + headerLength);
  if (raw[0] !== 0x7b) throw bad("header does not start with '{'");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch {
    throw bad("header is not valid UTF-8");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw bad(`header is not valid JSON (${(error as Error).message.slice(0, 120)})`);
  }
  if (!isJsonObject(json)) throw bad("header is not a JSON object");

  const dataStart = 8 + headerLength;
  const dataSize = fileSize - dataStart;
  const tensors: SafetensorsTensor[] = [];
  let metadata: Record<string, string> | null = null;
  for (const name in json) {
    if (!Object.hasOwn(json, name)) continue;
    const entry = json[name];
    if (name === "__metadata__") {
      metadata = readMetadata(entry);
      continue;
    }
    tensors.push(readTensor(name, entry, dataSize));
  }
  const dataEnd = checkNoOverlap(tensors);
  return { headerLength, dataStart, dataSize, dataEnd, tensors, metadata };
}

function readMetadata(entry: unknown): Record<string, string> {
  if (!isJsonObject(entry)) throw bad("__metadata__ is not an object");
  const metadata: Record<string, string> = {};
  for (const key in entry) {
    if (!Object.hasOwn(entry, key)) continue;
    const value = entry[key];
    if (typeof value !== "string") throw bad(`__metadata__.${short(key)} is not a string`);
    Object.defineProperty(metadata, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return metadata;
}

function readTensor(name: string, entry: unknown, dataSize: number): SafetensorsTensor {
  const where = `tensor ${short(name)}`;
  if (!isJsonObject(entry)) throw bad(`${where} is not an object`);
  const { dtype, shape, data_offsets: offsets } = entry;
  if (typeof dtype !== "string" || !Object.hasOwn(SAFETENSORS_DTYPE_BITS, dtype)) {
    throw bad(`${where} has unknown dtype ${short(String(dtype))}`);
  }
  if (!Array.isArray(shape) || !shape.every(isIndex)) {
    throw bad(`${where} shape is not a list of non-negative integers`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isIndex)) {
    throw bad(`${where} data_offsets is not [begin, end]`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end) throw bad(`${where} data_offsets [${begin}, ${end}] run backwards`);
  if (end > dataSize) {
    throw new IdentifyError(
      "TRUNCATED",
      `safetensors: ${where} ends at byte ${end} of the data section, which holds only ${dataSize}`,
    );
  }
  const bits = SAFETENSORS_DTYPE_BITS[dtype] as number;
  // The element count is bounded by what the data section can hold, so the product of a giant
  // shape is rejected before it can overflow or lose precision.
  const maxElements = Math.floor(((end - begin) * 8) / bits);
  let elements = shape.includes(0) ? 0 : 1;
  for (const dim of shape as number[]) {
    if (elements === 0) break;
    elements *= dim;
    if (elements > maxElements) break;
  }
  if (elements * bits !== (end - begin) * 8) {
    throw bad(
      `${where} shape [${(shape as number[]).join(", ")}] of ${dtype} does not fit its ${end - begin} bytes`,
    );
  }
  return { name, dtype, shape: shape as number[], elements, begin, end };
}

/** Sorts by offset and rejects overlapping byte ranges; returns the highest end. */
function checkNoOverlap(tensors: SafetensorsTensor[]): number {
  const sorted = tensors.slice().sort((a, b) => a.begin - b.begin || a.end - b.end);
  let end = 0;
  let owner = "";
  for (const t of sorted) {
    if (t.begin < end) throw bad(`tensors ${short(owner)} and ${short(t.name)} overlap`);
    end = t.end;
    owner = t.name;
  }
  return end;
}

function isIndex(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function short(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

function bad(problem: string): IdentifyError {
  return new IdentifyError("BAD_HEADER", `safetensors: ${problem}`);
}
