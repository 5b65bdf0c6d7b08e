// Bounded reader of an ONNX ModelProto (protobuf). It walks field headers and skips payloads by
// their length, so a multi-gigabyte graph with inline weights costs a few small reads per
// tensor. Anything that is not a well-formed ModelProto makes it return null (not ONNX); no
// length from the file drives an allocation beyond a small window.
import type { ByteSource } from "./byte-source.js";

export interface OnnxInitializer {
  name: string;
  /** ONNX TensorProto.DataType code. */
  dataType: number;
  /** Element count; null when the dims overflow or are missing. */
  elements: number | null;
}

export interface OnnxModel {
  irVersion: number;
  producerName: string | null;
  producerVersion: string | null;
  domain: string | null;
  modelVersion: number | null;
  graphName: string | null;
  opsets: Array<{ domain: string; version: number }>;
  metadata: Record<string, string>;
  inputs: string[];
  outputs: string[];
  nodeCount: number;
  /** op_type → count, for the most common operators. */
  ops: Record<string, number>;
  initializers: OnnxInitializer[];
  /** True when a limit stopped the walk before the end of the graph. */
  partial: boolean;
}

/** Newest IR version accepted as plausible (ONNX 1.17 writes 10, 1.18 writes 11). */
const MAX_IR_VERSION = 20;
const MAX_FIELDS = 2_000_000;
const MAX_STRING = 4096;
const MAX_LISTED = 100_000;
const WINDOW = 64 * 1024;

interface Field {
  number: number;
  wire: number;
  /** Varint value (wire 0) or payload length (wire 2). */
  value: number;
  /** Offset of the payload (wire 2) or of the next field. */
  start: number;
  /** Offset after this field. */
  end: number;
}

class NotOnnx extends Error {}
/** The field budget ran out: the answer covers what was read so far. */
class Budget extends Error {}

/** Caches one window of the file so sequential small reads cost one real read per 64 KiB. */
class Window {
  private offset = 0;
  private bytes: Uint8Array = new Uint8Array(0);
  reads = 0;
  constructor(private readonly source: ByteSource) {}

  async get(offset: number, length: number): Promise<Uint8Array> {
    if (offset >= this.offset && offset + length <= this.offset + this.bytes.length) {
      return this.bytes.subarray(offset - this.offset, offset - this.offset + length);
    }
    this.reads += 1;
    this.offset = offset;
    this.bytes = await this.source.read(offset, Math.max(length, WINDOW));
    return this.bytes.subarray(0, Math.min(length, this.bytes.length));
  }
}

export async function readOnnxModel(source: ByteSource): Promise<OnnxModel | null> {
  try {
    return await walkModel(source);
  } catch (error) {
    if (error instanceof NotOnnx) return null;
    throw error;
  }
}

async function walkModel(source: ByteSource): Promise<OnnxModel> {
  const win = new Window(source);
  const budget = { fields: 0 };
  const model: OnnxModel = {
    irVersion: 0,
    producerName: null,
    producerVersion: null,
    domain: null,
    modelVersion: null,
    graphName: null,
    opsets: [],
    metadata: {},
    inputs: [],
    outputs: [],
    nodeCount: 0,
    ops: {},
    initializers: [],
    partial: false,
  };
  let at = 0;
  let sawGraph = false;
  let first = true;
  while (at < source.size) {
    let f: Field;
    try {
      f = await readField(win, at, source.size, budget);
    } catch (error) {
      if (!(error instanceof Budget)) throw error;
      model.partial = true;
      break;
    }
    if (first && (f.number !== 1 || f.wire !== 0 || f.value < 1 || f.value > MAX_IR_VERSION)) {
      throw new NotOnnx();
    }
    first = false;
    switch (f.number) {
      case 1:
        model.irVersion = f.value;
        break;
      case 2:
        model.producerName = await readString(win, f);
        break;
      case 3:
        model.producerVersion = await readString(win, f);
        break;
      case 4:
        model.domain = await readString(win, f);
        break;
      case 5:
        model.modelVersion = f.wire === 0 ? f.value : null;
        break;
      case 7:
        expectWire(f, 2);
        sawGraph = true;
        await walkGraph(win, f.start, f.end, model, budget);
        break;
      case 8: {
        expectWire(f, 2);
        const opset = { domain: "", version: 0 };
        await walkMessage(win, f.start, f.end, budget, async (g) => {
          if (g.number === 1) opset.domain = await readString(win, g);
          if (g.number === 2 && g.wire === 0) opset.version = g.value;
        });
        if (model.opsets.length < 64) model.opsets.push(opset);
        break;
      }
      case 14: {
        expectWire(f, 2);
        const entry = { key: "", value: "" };
        await walkMessage(win, f.start, f.end, budget, async (g) => {
          if (g.number === 1) entry.key = await readString(win, g);
          if (g.number === 2) entry.value = await readString(win, g);
        });
        if (Object.keys(model.metadata).length < 256) {
          Object.defineProperty(model.metadata, entry.key, {
            value: entry.value,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        break;
      }
      default:
        if (f.number > 64) throw new NotOnnx();
    }
    at = f.end;
  }
  if (!sawGraph) throw new NotOnnx();
  return model;
}

async function walkGraph(
  win: Window,
  start: number,
  end: number,
  model: OnnxModel,
  budget: { fields: number },
): Promise<void> {
  await walkMessage(win, start, end, budget, async (f) => {
    if (f.wire !== 2) return;
    if (f.number === 1) {
      model.nodeCount += 1;
      await walkMessage(win, f.start, f.end, budget, async (g) => {
        if (g.number !== 4) return;
        const op = await readString(win, g);
        if (Object.hasOwn(model.ops, op) || Object.keys(model.ops).length < 256) {
          Object.defineProperty(model.ops, op, {
            value: (model.ops[op] ?? 0) + 1,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
      });
    } else if (f.number === 2) {
      model.graphName = await readString(win, f);
    } else if (f.number === 5 && model.initializers.length < MAX_LISTED) {
      model.initializers.push(await readInitializer(win, f, budget));
    } else if ((f.number === 11 || f.number === 12) && model.inputs.length + model.outputs.length < 4096) {
      let name = "";
      await walkMessage(win, f.start, f.end, budget, async (g) => {
        if (g.number === 1) name = await readString(win, g);
      });
      (f.number === 11 ? model.inputs : model.outputs).push(name);
    }
  }).catch((error) => {
    if (error instanceof Budget) model.partial = true;
    else throw error;
  });
}

async function readInitializer(win: Window, f: Field, budget: { fields: number }): Promise<OnnxInitializer> {
  const tensor: OnnxInitializer = { name: "", dataType: 0, elements: 1 };
  const dim = (value: number) => {
    tensor.elements =
      tensor.elements === null || !Number.isSafeInteger(tensor.elements * value)
        ? null
        : tensor.elements * value;
  };
  await walkMessage(win, f.start, f.end, budget, async (g) => {
    if (g.number === 1 && g.wire === 0) dim(g.value);
    else if (g.number === 1 && g.wire === 2) {
      // Packed dims: a run of varints inside the payload.
      let p = g.start;
      while (p < g.end) {
        const bytes = await win.get(p, Math.min(10, g.end - p));
        const v = varint(bytes, 0);
        if (!v) throw new NotOnnx();
        dim(v.value);
        p += v.length;
      }
    } else if (g.number === 2 && g.wire === 0) tensor.dataType = g.value;
    else if (g.number === 8) tensor.name = await readString(win, g);
  });
  return tensor;
}

async function walkMessage(
  win: Window,
  start: number,
  end: number,
  budget: { fields: number },
  visit: (f: Field) => Promise<void>,
): Promise<void> {
  let at = start;
  while (at < end) {
    const f = await readField(win, at, end, budget);
    await visit(f);
    at = f.end;
  }
}

async function readField(win: Window, at: number, limit: number, budget: { fields: number }): Promise<Field> {
  budget.fields += 1;
  if (budget.fields > MAX_FIELDS) throw new Budget();
  const bytes = await win.get(at, Math.min(20, limit - at));
  const tag = varint(bytes, 0);
  if (!tag || tag.value === 0) throw new NotOnnx();
  const number = Math.floor(tag.value / 8);
  const wire = tag.value % 8;
  let p = at + tag.length;
  let value = 0;
  let end: number;
  if (wire === 0) {
    const v = varint(bytes, tag.length);
    if (!v) throw new NotOnnx();
    value = v.value;
    end = p + v.length;
  } else if (wire === 1) {
    end = p + 8;
  } else if (wire === 5) {
    end = p + 4;
  } else if (wire === 2) {
    const v = varint(bytes, tag.length);
    if (!v) throw new NotOnnx();
    value = v.value;
    p += v.length;
    end = p + value;
  } else {
    throw new NotOnnx();
  }
  if (number === 0 || end > limit) throw new NotOnnx();
  return { number, wire, value, start: p, end };
}

function expectWire(f: Field, wire: number): void {
  if (f.wire !== wire) throw new NotOnnx();
}

async function readString(win: Window, f: Field): Promise<string> {
  if (f.wire !== 2) throw new NotOnnx();
  const bytes = await win.get(f.start, Math.min(f.value, MAX_STRING));
  return new TextDecoder().decode(bytes);
}

/** Decodes a protobuf varint at `at`; null when truncated or beyond 2^53. */
function varint(bytes: Uint8Array, at: number): { value: number; length: number } | null {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10 && at + i < bytes.length; i++) {
    const b = bytes[at + i] as number;
    value += (b & 0x7f) * scale;
    if (value > Number.MAX_SAFE_INTEGER) return null;
    if ((b & 0x80) === 0) return { value, length: i + 1 };
    scale *= 128;
  }
  return null;
}
