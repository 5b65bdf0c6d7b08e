// Writes small but complete GGUF files for tests: the metadata section comes from
// @huggingface/gguf's own serializer (so the reader is checked against an independent writer),
// the tensor infos and zero-filled tensor data are written here, with real ggml block sizes.
import { GGUFValueType, type MetadataValue, serializeGgufMetadata } from "@huggingface/gguf";
import { ggmlTypeTraits } from "../identify/ggml-type-traits.js";

export interface GgufKv {
  type: GGUFValueType;
  value: MetadataValue;
  subType?: GGUFValueType;
}

export interface GgufTensorSpec {
  name: string;
  /** ggml order: shape[0] is the row length, a multiple of the type's block size in a valid file. */
  shape: number[];
  /** ggml tensor type (GGMLQuantizationType). */
  type: number;
}

export interface GgufSpec {
  version?: 1 | 2 | 3;
  littleEndian?: boolean;
  metadata: Record<string, GgufKv>;
  tensors: GgufTensorSpec[];
}

export interface BuiltGguf {
  /** The file: header, padding, tensor data (header only with `withData: false`). */
  bytes: Uint8Array;
  /** Offset of every count and length field (tensor/kv counts, string and array lengths, dims, n_dims). */
  sizeFields: { offset: number; width: 4 | 8 }[];
  dataOffset: number;
  /** Bytes of tensor data after `dataOffset`, padding included. */
  dataSize: number;
  /** Where the last tensor's bytes end: cutting the file anywhere before this truncates data. */
  dataEnd: number;
  parameterCount: number;
}

export const kv = {
  str: (value: string): GgufKv => ({ type: GGUFValueType.STRING, value }),
  u32: (value: number): GgufKv => ({ type: GGUFValueType.UINT32, value }),
  u16: (value: number): GgufKv => ({ type: GGUFValueType.UINT16, value }),
  i32: (value: number): GgufKv => ({ type: GGUFValueType.INT32, value }),
  u64: (value: bigint): GgufKv => ({ type: GGUFValueType.UINT64, value }),
  f32: (value: number): GgufKv => ({ type: GGUFValueType.FLOAT32, value }),
  bool: (value: boolean): GgufKv => ({ type: GGUFValueType.BOOL, value }),
  strs: (value: string[]): GgufKv => ({ type: GGUFValueType.ARRAY, subType: GGUFValueType.STRING, value }),
  f32s: (value: number[]): GgufKv => ({ type: GGUFValueType.ARRAY, subType: GGUFValueType.FLOAT32, value }),
  i32s: (value: number[]): GgufKv => ({ type: GGUFValueType.ARRAY, subType: GGUFValueType.INT32, value }),
};

const SCALAR_BYTES: Partial<Record<GGUFValueType, number>> = {
  [GGUFValueType.UINT8]: 1,
  [GGUFValueType.INT8]: 1,
  [GGUFValueType.BOOL]: 1,
  [GGUFValueType.UINT16]: 2,
  [GGUFValueType.INT16]: 2,
  [GGUFValueType.UINT32]: 4,
  [GGUFValueType.INT32]: 4,
  [GGUFValueType.FLOAT32]: 4,
  [GGUFValueType.UINT64]: 8,
  [GGUFValueType.INT64]: 8,
  [GGUFValueType.FLOAT64]: 8,
};

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

function tensorBytes(t: GgufTensorSpec): number {
  const traits = ggmlTypeTraits(t.type);
  if (!traits?.blockSize || !traits.typeSize)
    throw new Error(`writer: no block size for tensor type ${t.type}`);
  // Rounded up so that tests can also write the malformed shapes the reader must refuse.
  return Math.ceil(t.shape.reduce((a, b) => a * b, 1) / traits.blockSize) * traits.typeSize;
}

/** Builds a GGUF file from `spec`. */
export function buildGguf(spec: GgufSpec, options: { withData?: boolean } = {}): BuiltGguf {
  const version = spec.version ?? 3;
  const littleEndian = spec.littleEndian ?? true;
  const width: 4 | 8 = version === 1 ? 4 : 8;
  const alignment = Number(spec.metadata["general.alignment"]?.value ?? 32);
  const intType = version === 1 ? GGUFValueType.UINT32 : GGUFValueType.UINT64;
  const kvs = serializeGgufMetadata(
    {
      version: { value: version, type: GGUFValueType.UINT32 },
      tensor_count: { value: BigInt(spec.tensors.length), type: intType },
      kv_count: { value: BigInt(Object.keys(spec.metadata).length), type: intType },
      ...spec.metadata,
    },
    { littleEndian, alignment: 1 },
  );

  // Walk the metadata as serialized to record where its lengths sit.
  const sizeFields: BuiltGguf["sizeFields"] = [
    { offset: 8, width },
    { offset: 8 + width, width },
  ];
  let at = 8 + 2 * width;
  const field = () => {
    sizeFields.push({ offset: at, width });
    at += width;
  };
  for (const [key, entry] of Object.entries(spec.metadata)) {
    field();
    at += utf8Length(key) + 4;
    if (entry.type === GGUFValueType.STRING) {
      field();
      at += utf8Length(entry.value as string);
    } else if (entry.type === GGUFValueType.ARRAY) {
      at += 4;
      field();
      for (const item of entry.value as MetadataValue[]) {
        if (entry.subType === GGUFValueType.STRING) {
          field();
          at += utf8Length(item as string);
        } else {
          at += SCALAR_BYTES[entry.subType as GGUFValueType] ?? Number.NaN;
        }
      }
    } else {
      at += SCALAR_BYTES[entry.type] ?? Number.NaN;
    }
  }
  if (at !== kvs.length)
    throw new Error(`writer: metadata walk ended at ${at}, serializer wrote ${kvs.length}`);

  const infos: number[] = [];
  const pushInt = (n: number | bigint, w: 4 | 8) => {
    const b = new DataView(new ArrayBuffer(w));
    if (w === 4) b.setUint32(0, Number(n), littleEndian);
    else b.setBigUint64(0, BigInt(n), littleEndian);
    infos.push(...new Uint8Array(b.buffer));
  };
  let dataSize = 0;
  let dataEnd = 0;
  let parameterCount = 0;
  for (const t of spec.tensors) {
    sizeFields.push({ offset: at + infos.length, width });
    const name = new TextEncoder().encode(t.name);
    pushInt(name.length, width);
    infos.push(...name);
    sizeFields.push({ offset: at + infos.length, width: 4 });
    pushInt(t.shape.length, 4);
    for (const dim of t.shape) {
      sizeFields.push({ offset: at + infos.length, width });
      pushInt(dim, width);
    }
    pushInt(t.type, 4);
    pushInt(dataSize, 8);
    dataEnd = dataSize + tensorBytes(t);
    dataSize += Math.ceil(tensorBytes(t) / alignment) * alignment;
    parameterCount += t.shape.reduce((a, b) => a * b, 1);
  }
  const dataOffset = Math.ceil((kvs.length + infos.length) / alignment) * alignment;
  const bytes = new Uint8Array(dataOffset + (options.withData === false ? 0 : dataSize));
  bytes.set(kvs, 0);
  bytes.set(infos, kvs.length);
  return { bytes, sizeFields, dataOffset, dataSize, dataEnd: dataOffset + dataEnd, parameterCount };
}
