import { describe, expect, it } from "vitest";
import { buildSafetensorsHeader } from "../test-utils/safetensors-writer.js";
import { IdentifyError } from "./identify-error.js";
import {
  parseSafetensorsHeader,
  SAFETENSORS_MAX_HEADER_LENGTH,
  safetensorsHeaderLength,
} from "./safetensors-header.js";

/** Header bytes for raw JSON text, with the file claiming `dataSize` bytes of data after it. */
function raw(json: string, dataSize = 1024): { bytes: Uint8Array; size: number } {
  const body = Buffer.from(json, "utf8");
  const bytes = Buffer.alloc(8 + body.length);
  bytes.writeBigUInt64LE(BigInt(body.length), 0);
  body.copy(bytes, 8);
  return { bytes, size: bytes.length + dataSize };
}

function failure(json: string, dataSize = 1024): IdentifyError {
  const { bytes, size } = raw(json, dataSize);
  try {
    parseSafetensorsHeader(bytes, size);
  } catch (error) {
    expect(error).toBeInstanceOf(IdentifyError);
    return error as IdentifyError;
  }
  throw new Error("expected a failure");
}

describe("parseSafetensorsHeader", () => {
  it("reads tensors, offsets, element counts and metadata", () => {
    const { header, dataSize } = buildSafetensorsHeader(
      {
        "a.weight": { shape: [2, 3], dtype: "F32" },
        "b.weight": { shape: [4], dtype: "BF16" },
        empty: { shape: [0, 5] },
      },
      { format: "pt" },
    );
    const parsed = parseSafetensorsHeader(header, header.length + dataSize);
    expect(parsed.headerLength).toBe(header.length - 8);
    expect(parsed.dataStart).toBe(header.length);
    expect(parsed.dataSize).toBe(32);
    expect(parsed.dataEnd).toBe(32);
    expect(parsed.metadata).toEqual({ format: "pt" });
    expect(parsed.tensors).toEqual([
      { name: "a.weight", dtype: "F32", shape: [2, 3], elements: 6, begin: 0, end: 24 },
      { name: "b.weight", dtype: "BF16", shape: [4], elements: 4, begin: 24, end: 32 },
      { name: "empty", dtype: "F16", shape: [0, 5], elements: 0, begin: 32, end: 32 },
    ]);
  });

  it("accepts sub-byte dtypes whose size works out, and trailing bytes after the data", () => {
    const parsed = parseSafetensorsHeader(
      ...(Object.values(raw('{"q":{"dtype":"F4","shape":[4,2],"data_offsets":[0,4]}}', 100)) as [
        Uint8Array,
        number,
      ]),
    );
    expect(parsed.tensors[0]?.elements).toBe(8);
    expect(parsed.dataEnd).toBe(4);
    expect(parsed.dataSize).toBe(100);
  });

  it("rejects a header length over the limit without allocating it", () => {
    const prefix = Buffer.alloc(8);
    prefix.writeBigUInt64LE(2n ** 60n, 0);
    expect(() => safetensorsHeaderLength(prefix, 2 ** 40)).toThrow(
      expect.objectContaining({ code: "HEADER_TOO_LARGE" }),
    );
    prefix.writeBigUInt64LE(BigInt(SAFETENSORS_MAX_HEADER_LENGTH + 1), 0);
    expect(() => safetensorsHeaderLength(prefix, 2 ** 40)).toThrow(
      expect.objectContaining({ code: "HEADER_TOO_LARGE" }),
    );
  });

  it("rejects a header length past the end of the file as TRUNCATED", () => {
    const prefix = Buffer.alloc(8);
    prefix.writeBigUInt64LE(500n, 0);
    expect(() => safetensorsHeaderLength(prefix, 400)).toThrow(
      expect.objectContaining({ code: "TRUNCATED" }),
    );
    expect(() => safetensorsHeaderLength(new Uint8Array(3), 3)).toThrow(
      expect.objectContaining({ code: "TRUNCATED" }),
    );
  });

  it("needs the whole header in the bytes given", () => {
    const { bytes, size } = raw('{"a":{"dtype":"F16","shape":[1],"data_offsets":[0,2]}}');
    expect(() => parseSafetensorsHeader(bytes.subarray(0, 20), size)).toThrow(
      expect.objectContaining({ code: "TRUNCATED" }),
    );
  });

  it.each([
    ["[]", "not start with '{'"],
    ["{} x", "not valid JSON"],
    ['{"a":1}', 'tensor "a" is not an object'],
    ['{"a":{"dtype":"F17","shape":[1],"data_offsets":[0,2]}}', "unknown dtype"],
    ['{"a":{"dtype":"F16","shape":[-1],"data_offsets":[0,2]}}', "shape is not a list"],
    ['{"a":{"dtype":"F16","shape":[1.5],"data_offsets":[0,2]}}', "shape is not a list"],
    ['{"a":{"dtype":"F16","shape":[1],"data_offsets":[0]}}', "data_offsets is not [begin, end]"],
    ['{"a":{"dtype":"F16","shape":[1],"data_offsets":[4,2]}}', "run backwards"],
    ['{"a":{"dtype":"F16","shape":[3],"data_offsets":[0,2]}}', "does not fit its 2 bytes"],
    ['{"a":{"dtype":"F16","shape":[1e300,1e300],"data_offsets":[0,2]}}', "shape is not a list"],
    [
      '{"a":{"dtype":"F16","shape":[9007199254740991,9007199254740991],"data_offsets":[0,2]}}',
      "does not fit",
    ],
    [
      '{"a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},"b":{"dtype":"F16","shape":[2],"data_offsets":[2,6]}}',
      "overlap",
    ],
    ['{"__metadata__":{"k":1}}', '__metadata__."k" is not a string'],
    ['{"__metadata__":[]}', "__metadata__ is not an object"],
  ])("rejects %s as BAD_HEADER", (json, message) => {
    const error = failure(json);
    expect(error.code).toBe("BAD_HEADER");
    expect(error.message).toContain(message);
  });

  it("rejects invalid UTF-8", () => {
    const { bytes, size } = raw('{"ab":1}');
    bytes[10] = 0xff;
    expect(() => parseSafetensorsHeader(bytes, size)).toThrow(/not valid UTF-8/);
  });

  it("reports offsets past the data section as TRUNCATED", () => {
    const error = failure('{"a":{"dtype":"F32","shape":[1000],"data_offsets":[0,4000]}}', 100);
    expect(error.code).toBe("TRUNCATED");
    expect(error.message).toContain("ends at byte 4000 of the data section, which holds only 100");
  });

  it("does not let a __proto__ key reach the prototype", () => {
    const { bytes, size } = raw(
      '{"__metadata__":{"__proto__":"x"},"__proto__":{"dtype":"F16","shape":[1],"data_offsets":[0,2]}}',
    );
    const parsed = parseSafetensorsHeader(bytes, size);
    expect(Object.getPrototypeOf(parsed.metadata)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(parsed.metadata, "__proto__")?.value).toBe("x");
    expect(parsed.tensors.map((t) => t.name)).toEqual(["__proto__"]);
  });
});
