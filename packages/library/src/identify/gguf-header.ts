// A strict GGUF header reader. @huggingface/gguf 0.4.6 is not used for parsing because, on
// hostile or damaged files, it (1) reads past the end of the file as zeros, so a truncated file
// parses "successfully" with invented keys and tensors, (2) bounds counts by fixed caps
// (1M array items, 10M tensors) instead of the bytes actually present, so a 1 KB file can make it
// walk megabytes of zeros (~300 ms for one bad array length), and (3) allocates a 2 MB buffer per
// parse. Here every count and length is checked against the bytes left in the file before it is
// used, reads never go past the end, and the work is bounded by the header's real size.
import type { ByteSource } from "./byte-source.js";
import { ggmlTypeTraits } from "./ggml-type-traits.js";
import { IdentifyError } from "./identify-error.js";

export type GgufVersion = 1 | 2 | 3;

/** A value kept by size only: long strings (chat templates) and long arrays (token lists). */
export interface GgufOmitted {
  omitted: "string" | "array";
  /** Bytes for a string, items for an array. */
  length: number;
  /** For arrays: "string", "float32", ... */
  elementType?: string;
}

export type GgufValue = number | bigint | boolean | string | GgufOmitted | GgufValue[];

export interface GgufTensorInfo {
  name: string;
  /** ggml order: shape[0] is the row length. */
  shape: number[];
  /** ggml tensor type number (GGMLQuantizationType). */
  type: number;
  /** Offset inside the tensor data section. */
  offset: number;
  elements: number;
}

export interface GgufHeader {
  version: GgufVersion;
  littleEndian: boolean;
  metadata: Map<string, GgufValue>;
  tensors: GgufTensorInfo[];
  /** Where tensor data starts: the end of the header rounded up to `general.alignment`. */
  dataOffset: number;
  /** Sum of the tensors' element counts. */
  parameterCount: number;
  fileSize: number;
}

const INITIAL_WINDOW = 1 << 20;
/** 1 PiB: counts implying more bytes than this are corrupt, not merely cut short. */
const MAX_PLAUSIBLE_FILE = 2n ** 50n;
/** Real headers are a few MB (a 256k-token vocabulary is ~5 MB); anything near this is hostile. */
export const MAX_GGUF_HEADER_BYTES = 256 << 20;
const MAX_KEY_BYTES = 65_535;
/** GGML_MAX_NAME is 64 including the terminating NUL. */
const MAX_TENSOR_NAME_BYTES = 63;
const MAX_DIMS = 4;
const MAX_ARRAY_DEPTH = 3;
const KEEP_STRING_BYTES = 1024;
const KEEP_ARRAY_ITEMS = 256;
const DEFAULT_ALIGNMENT = 32;

const TYPE_NAMES = [
  "uint8",
  "int8",
  "uint16",
  "int16",
  "uint32",
  "int32",
  "float32",
  "bool",
  "string",
  "array",
  "uint64",
  "int64",
  "float64",
] as const;
const STRING = 8;
const ARRAY = 9;
/** Bytes of each fixed-size value type, by GGUF value type number. */
const FIXED_SIZE: Readonly<Record<number, number>> = {
  0: 1,
  1: 1,
  2: 2,
  3: 2,
  4: 4,
  5: 4,
  6: 4,
  7: 1,
  10: 8,
  11: 8,
  12: 8,
};

const utf8 = new TextDecoder("utf-8");
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Thrown inside the parser when the window read so far ends before the header does. */
class NeedMore {
  constructor(readonly until: number) {}
}

const bad = (message: string) => new IdentifyError("BAD_HEADER", `GGUF: ${message}`);

class Cursor {
  pos = 0;
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    /** False when the window holds less than the file: running out then means "read more". */
    private readonly whole: boolean,
    readonly fileSize: number,
    readonly littleEndian: boolean,
    /** Sizes and counts are uint32 in version 1, uint64 after. */
    readonly sizeWidth: 4 | 8,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  need(n: number, what: string): number {
    const start = this.pos;
    const end = start + n;
    if (end > this.fileSize || (this.whole && end > this.bytes.length)) {
      throw new IdentifyError(
        "TRUNCATED",
        `GGUF: file ends inside ${what} (needs ${end} bytes, has ${this.fileSize})`,
      );
    }
    if (end > this.bytes.length) throw new NeedMore(end);
    this.pos = end;
    return start;
  }

  u32(what: string): number {
    return this.view.getUint32(this.need(4, what), this.littleEndian);
  }

  u64(what: string): bigint {
    return this.view.getBigUint64(this.need(8, what), this.littleEndian);
  }

  size(what: string): bigint {
    return this.sizeWidth === 8 ? this.u64(what) : BigInt(this.u32(what));
  }

  /**
   * A count of items that each take at least `minBytes`, checked before anything is sized by it:
   * one no file could hold is corrupt (BAD_HEADER); one this file is too short for means the
   * file was cut (TRUNCATED), as partial downloads are.
   */
  count(value: bigint, minBytes: number, what: string): number {
    const needed = value * BigInt(minBytes);
    if (needed > MAX_PLAUSIBLE_FILE) throw bad(`${what} is ${value}, more than any file could hold`);
    if (needed > BigInt(this.fileSize - this.pos)) {
      throw new IdentifyError(
        "TRUNCATED",
        `GGUF: ${what} is ${value} but only ${this.fileSize - this.pos} bytes follow`,
      );
    }
    return Number(value);
  }

  /** Raw bytes of a length-prefixed string, bounds-checked. */
  stringBytes(what: string): Uint8Array {
    const length = this.count(this.size(`${what} length`), 1, `${what} length`);
    const start = this.need(length, what);
    return this.bytes.subarray(start, start + length);
  }

  key(): string {
    const raw = this.stringBytes("metadata key");
    if (raw.length === 0) throw bad("empty metadata key");
    if (raw.length > MAX_KEY_BYTES) {
      throw new IdentifyError("HEADER_TOO_LARGE", `GGUF: metadata key of ${raw.length} bytes`);
    }
    try {
      return strictUtf8.decode(raw);
    } catch {
      throw bad("metadata key is not UTF-8");
    }
  }

  valueType(what: string): number {
    const type = this.u32(what);
    if (type >= TYPE_NAMES.length) throw bad(`unknown value type ${type} for ${what}`);
    return type;
  }

  /** Reads one value; `keep` false walks over it (inside an array too long to keep). */
  value(type: number, key: string, depth: number, keep: boolean): GgufValue {
    const v = this.view;
    const le = this.littleEndian;
    switch (type) {
      case 0:
        return v.getUint8(this.need(1, key));
      case 1:
        return v.getInt8(this.need(1, key));
      case 2:
        return v.getUint16(this.need(2, key), le);
      case 3:
        return v.getInt16(this.need(2, key), le);
      case 4:
        return v.getUint32(this.need(4, key), le);
      case 5:
        return v.getInt32(this.need(4, key), le);
      case 6:
        return v.getFloat32(this.need(4, key), le);
      case 7:
        return v.getUint8(this.need(1, key)) !== 0;
      case STRING: {
        const raw = this.stringBytes(key);
        return keep && raw.length <= KEEP_STRING_BYTES
          ? utf8.decode(raw)
          : { omitted: "string", length: raw.length };
      }
      case ARRAY:
        return this.array(key, depth, keep);
      case 10:
        return v.getBigUint64(this.need(8, key), le);
      case 11:
        return v.getBigInt64(this.need(8, key), le);
      default:
        return v.getFloat64(this.need(8, key), le);
    }
  }

  private array(key: string, depth: number, keep: boolean): GgufValue {
    if (depth >= MAX_ARRAY_DEPTH) throw bad(`arrays nested deeper than ${MAX_ARRAY_DEPTH} in ${key}`);
    const itemType = this.valueType(`array items of ${key}`);
    const fixed = FIXED_SIZE[itemType];
    const minItem = fixed ?? (itemType === STRING ? this.sizeWidth : 4 + this.sizeWidth);
    const length = this.count(this.size(`array length of ${key}`), minItem, `array length of ${key}`);
    const omitted: GgufOmitted = { omitted: "array", length, elementType: TYPE_NAMES[itemType] };
    const keepItems = keep && length <= KEEP_ARRAY_ITEMS;
    if (!keepItems && fixed !== undefined) {
      this.need(length * fixed, key);
      return omitted;
    }
    const items: GgufValue[] = [];
    for (let i = 0; i < length; i++) {
      const item = this.value(itemType, key, depth + 1, keepItems);
      if (keepItems) items.push(item);
    }
    return keepItems ? items : omitted;
  }
}

function readAlignment(metadata: Map<string, GgufValue>): number {
  const value = metadata.get("general.alignment");
  if (value === undefined) return DEFAULT_ALIGNMENT;
  const n = typeof value === "number" || typeof value === "bigint" ? Number(value) : Number.NaN;
  // A power of two, as ggml requires; 2^30 is far past any real alignment.
  if (!Number.isInteger(n) || n <= 0 || n > 2 ** 30 || (n & (n - 1)) !== 0) {
    throw bad(`general.alignment ${String(value)} is not a power of two`);
  }
  return n;
}

/**
 * Parses a GGUF header from `bytes`, the first bytes of a file of `fileSize` bytes. `whole`
 * says `bytes` is all there is to read. Throws NeedMore when the header runs past `bytes`.
 */
function parseGgufHeader(bytes: Uint8Array, fileSize: number, whole: boolean): GgufHeader {
  const probe = new Cursor(bytes, whole, fileSize, true, 8);
  const magic = probe.need(4, "the magic number");
  if (
    bytes[magic] !== 0x47 ||
    bytes[magic + 1] !== 0x47 ||
    bytes[magic + 2] !== 0x55 ||
    bytes[magic + 3] !== 0x46
  ) {
    throw bad("not a GGUF file (no GGUF magic)");
  }
  // Big-endian files (s390x) are told apart by the version's byte order, as llama.cpp does.
  const raw = probe.u32("the version");
  const littleEndian = (raw & 0xffff) !== 0;
  const version = littleEndian
    ? raw
    : new DataView(bytes.buffer, bytes.byteOffset + 4, 4).getUint32(0, false);
  if (version < 1 || version > 3) throw bad(`unsupported version ${version}`);

  const r = new Cursor(bytes, whole, fileSize, littleEndian, version === 1 ? 4 : 8);
  r.pos = 8;
  const tensorCountRaw = r.size("the tensor count");
  const kvCountRaw = r.size("the key/value count");
  // Smallest possible entries: a 1-byte key with a 1-byte value; a 1-byte name with no dims.
  const minKv = r.sizeWidth + 1 + 4 + 1;
  const minTensor = r.sizeWidth + 1 + 4 + 4 + 8;
  r.count(kvCountRaw, minKv, "key/value count");
  r.count(tensorCountRaw, minTensor, "tensor count");
  const kvCount = Number(kvCountRaw);
  const tensorCount = Number(tensorCountRaw);
  r.count(BigInt(kvCount * minKv + tensorCount * minTensor), 1, "header size implied by the counts");

  const metadata = new Map<string, GgufValue>();
  for (let i = 0; i < kvCount; i++) {
    const key = r.key();
    if (metadata.has(key)) throw bad(`duplicate key ${key}`);
    metadata.set(key, r.value(r.valueType(key), key, 0, true));
  }
  const alignment = readAlignment(metadata);

  const tensors: GgufTensorInfo[] = [];
  const names = new Set<string>();
  let totalElements = 0n;
  const maxElements = BigInt(fileSize) * 8n; // no ggml type stores a weight in under 1 bit
  for (let i = 0; i < tensorCount; i++) {
    const rawName = r.stringBytes(`name of tensor ${i}`);
    if (rawName.length === 0 || rawName.length > MAX_TENSOR_NAME_BYTES) {
      throw bad(`tensor ${i} has a name of ${rawName.length} bytes (1-${MAX_TENSOR_NAME_BYTES} allowed)`);
    }
    const name = utf8.decode(rawName);
    if (names.has(name)) throw bad(`duplicate tensor ${name}`);
    names.add(name);
    const dims = r.u32(`dimensions of ${name}`);
    if (dims > MAX_DIMS) throw bad(`tensor ${name} has ${dims} dimensions (at most ${MAX_DIMS})`);
    const shape: number[] = [];
    let elements = 1n;
    for (let d = 0; d < dims; d++) {
      const dim = r.size(`shape of ${name}`);
      if (dim > maxElements)
        throw bad(`tensor ${name} has a dimension of ${dim}, more than the file could hold`);
      elements *= dim;
      if (elements > maxElements) throw bad(`tensor ${name} has more elements than the file could hold`);
      shape.push(Number(dim));
    }
    totalElements += elements;
    if (totalElements > maxElements)
      throw bad("tensor shapes add up to more elements than the file could hold");
    const type = r.u32(`type of ${name}`);
    const offset = r.u64(`offset of ${name}`);
    if (offset > BigInt(fileSize)) {
      throw new IdentifyError(
        "TRUNCATED",
        `GGUF: tensor ${name} starts at ${offset}, past the end of the file`,
      );
    }
    if (offset % BigInt(alignment) !== 0n)
      throw bad(`tensor ${name} offset ${offset} is not aligned to ${alignment}`);
    tensors.push({ name, shape, type, offset: Number(offset), elements: Number(elements) });
  }

  const dataOffset = Math.ceil(r.pos / alignment) * alignment;
  for (const t of tensors) checkTensorData(t, dataOffset, fileSize);
  return {
    version: version as GgufVersion,
    littleEndian,
    metadata,
    tensors,
    dataOffset,
    parameterCount: Number(totalElements),
    fileSize,
  };
}

/** A tensor whose bytes run past the end of the file means the file was cut short. */
function checkTensorData(t: GgufTensorInfo, dataOffset: number, fileSize: number): void {
  const traits = ggmlTypeTraits(t.type);
  let bytes = 0;
  if (traits?.blockSize && traits.typeSize && t.elements > 0) {
    const row = t.shape[0] ?? 1;
    if (row % traits.blockSize !== 0) {
      throw bad(
        `tensor ${t.name} rows of ${row} are not a multiple of the ${traits.name} block (${traits.blockSize})`,
      );
    }
    bytes = (t.elements / traits.blockSize) * traits.typeSize;
  }
  const end = dataOffset + t.offset + bytes;
  if (end > fileSize) {
    throw new IdentifyError(
      "TRUNCATED",
      `GGUF: tensor ${t.name} ends at byte ${end} but the file has ${fileSize} bytes (incomplete download?)`,
    );
  }
}

/**
 * Reads and checks the header of a GGUF file: bounded reads from the start (1 MiB, growing only
 * as far as the header really goes, at most 256 MiB), never the tensor data.
 * Throws IdentifyError: BAD_HEADER (not GGUF, unsupported version, impossible counts, malformed
 * entries), TRUNCATED (the file ends before its header or tensor data), HEADER_TOO_LARGE.
 */
export async function readGgufHeader(source: ByteSource): Promise<GgufHeader> {
  let window = Math.min(source.size, INITIAL_WINDOW);
  for (;;) {
    const bytes = await source.read(0, window);
    try {
      return parseGgufHeader(bytes, source.size, bytes.length < window || window >= source.size);
    } catch (error) {
      if (!(error instanceof NeedMore)) throw error;
      if (error.until > MAX_GGUF_HEADER_BYTES) {
        throw new IdentifyError(
          "HEADER_TOO_LARGE",
          `GGUF: header larger than ${MAX_GGUF_HEADER_BYTES >> 20} MiB`,
        );
      }
      window = Math.min(source.size, MAX_GGUF_HEADER_BYTES, Math.max(error.until, window * 2));
    }
  }
}
