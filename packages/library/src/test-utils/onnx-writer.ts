// ONNX ModelProto bytes for tests, encoded field by field (protobuf wire format).

export interface OnnxTensorSpec {
  name: string;
  dims: number[];
  /** TensorProto.DataType: 1 FLOAT, 10 FLOAT16, 3 INT8 ... */
  dataType: number;
}

export interface OnnxModelSpec {
  irVersion?: number;
  producerName?: string;
  opset?: number;
  nodes?: Array<{ opType: string; inputs: string[]; outputs: string[] }>;
  initializers?: OnnxTensorSpec[];
  inputs?: string[];
  outputs?: string[];
  /** Write dims packed (proto3 style) rather than one field each. */
  packedDims?: boolean;
}

export function buildOnnxModel(spec: OnnxModelSpec): Buffer {
  const nodes = (spec.nodes ?? []).map((n) =>
    message(1, [...n.inputs.map((i) => text(1, i)), ...n.outputs.map((o) => text(2, o)), text(4, n.opType)]),
  );
  const initializers = (spec.initializers ?? []).map((t) => {
    const dims = spec.packedDims
      ? [bytes(1, Buffer.concat(t.dims.map(varint)))]
      : t.dims.map((d) => int(1, d));
    const elements = t.dims.reduce((a, b) => a * b, 1);
    const width = t.dataType === 10 || t.dataType === 16 ? 2 : t.dataType === 3 || t.dataType === 2 ? 1 : 4;
    return message(5, [
      ...dims,
      int(2, t.dataType),
      text(8, t.name),
      bytes(9, Buffer.alloc(elements * width)),
    ]);
  });
  const valueInfo = (field: number, name: string) => message(field, [text(1, name)]);
  const graph = message(7, [
    ...nodes,
    text(2, "main_graph"),
    ...initializers,
    ...(spec.inputs ?? []).map((n) => valueInfo(11, n)),
    ...(spec.outputs ?? []).map((n) => valueInfo(12, n)),
  ]);
  return Buffer.concat([
    int(1, spec.irVersion ?? 8),
    text(2, spec.producerName ?? "pytorch"),
    text(3, "2.3.0"),
    graph,
    message(8, [text(1, ""), int(2, spec.opset ?? 17)]),
  ]);
}

function varint(value: number): Buffer {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Buffer.from(out);
}

function int(field: number, value: number): Buffer {
  return Buffer.concat([varint(field * 8), varint(value)]);
}

function bytes(field: number, payload: Buffer): Buffer {
  return Buffer.concat([varint(field * 8 + 2), varint(payload.length), payload]);
}

function text(field: number, value: string): Buffer {
  return bytes(field, Buffer.from(value, "utf8"));
}

function message(field: number, parts: Buffer[]): Buffer {
  return bytes(field, Buffer.concat(parts));
}
