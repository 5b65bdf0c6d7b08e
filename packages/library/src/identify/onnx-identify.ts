// ONNX models: the ModelProto header says producer, IR and opset; initializers give parameter
// count and precision; input/output names and initializer names hint at the model type.
import { blankIdentification } from "./blank-identification.js";
import type { ByteSource } from "./byte-source.js";
import { readOnnxModel } from "./onnx-read-model.js";
import { summarizeTensors } from "./safetensors-summary.js";
import { matchSignatures } from "./signatures/match-signatures.js";
import { ONNX_IO_HINTS } from "./signatures/onnx-io-hints.js";
import type { Identification } from "./types.js";

/** TensorProto.DataType → safetensors dtype name, so precision labels are shared. */
const ONNX_DTYPES: Readonly<Record<number, [dtype: string, bits: number]>> = {
  1: ["F32", 32],
  2: ["U8", 8],
  3: ["I8", 8],
  4: ["U16", 16],
  5: ["I16", 16],
  6: ["I32", 32],
  7: ["I64", 64],
  9: ["BOOL", 8],
  10: ["F16", 16],
  11: ["F64", 64],
  12: ["U32", 32],
  13: ["U64", 64],
  16: ["BF16", 16],
  17: ["F8_E4M3", 8],
  18: ["F8_E4M3", 8],
  19: ["F8_E5M2", 8],
  20: ["F8_E5M2", 8],
  21: ["U4", 4],
  22: ["I4", 4],
  23: ["F4", 4],
};

/** Identifies an ONNX file; null when the bytes are not a well-formed ModelProto. */
export async function identifyOnnx(source: ByteSource): Promise<Identification | null> {
  const model = await readOnnxModel(source);
  if (!model) return null;
  const id = blankIdentification("onnx");
  const opset = model.opsets.find((o) => o.domain === "" || o.domain === "ai.onnx")?.version;
  id.evidence.push({
    source: "onnx:header",
    detail: `ONNX ModelProto: IR version ${model.irVersion}${opset ? `, opset ${opset}` : ""}${
      model.producerName ? `, produced by ${model.producerName} ${model.producerVersion ?? ""}`.trimEnd() : ""
    }; ${model.nodeCount} nodes, ${model.initializers.length} initializers`,
    strength: "strong",
  });
  id.confidence = 0.3;

  const known = model.initializers.filter((t) => t.elements !== null);
  if (known.length > 0) {
    const summary = summarizeTensors(
      known.map((t) => {
        const [dtype, bits] = ONNX_DTYPES[t.dataType] ?? [`onnx-type-${t.dataType}`, 0];
        return {
          name: t.name,
          dtype,
          elements: t.elements as number,
          bytes: ((t.elements as number) * bits) / 8,
        };
      }),
    );
    id.parameterCount = summary.parameterCount;
    id.quantization = summary.quantization;
    id.evidence.push(
      ...summary.evidence.map((e) => ({ ...e, source: e.source.replace("safetensors", "onnx") })),
    );
    id.fields.dtypes = summary.dtypes;
  }

  const match = matchSignatures(
    model.initializers.map((t) => ({ name: t.name, shape: null })),
    "onnx",
  );
  if (match.signature) {
    id.type = match.type;
    id.subtype = match.subtype;
    id.architecture = match.architecture;
    id.baseModel = match.baseModel;
    id.confidence = 0.5;
    id.evidence.push(...match.evidence);
    id.fields.signature = match.signature;
  } else {
    const hint = ONNX_IO_HINTS.find(
      (h) =>
        h.inputs.every((i) => model.inputs.includes(i)) &&
        (!h.outputs || model.outputs.some((o) => h.outputs?.some((prefix) => o.startsWith(prefix)))),
    );
    if (hint) {
      id.type = hint.type;
      id.subtype = hint.subtype ?? null;
      id.confidence = 0.4;
      id.evidence.push({ source: "onnx:graph", detail: `graph has ${hint.describe}`, strength: "medium" });
    }
  }
  if (model.partial) {
    id.evidence.push({
      source: "onnx:graph",
      detail: "graph too large to walk in full: counts cover part of it",
      strength: "medium",
    });
  }
  Object.assign(id.fields, {
    irVersion: model.irVersion,
    producerName: model.producerName,
    producerVersion: model.producerVersion,
    domain: model.domain,
    modelVersion: model.modelVersion,
    graphName: model.graphName,
    opsets: model.opsets,
    inputs: model.inputs.slice(0, 64),
    outputs: model.outputs.slice(0, 64),
    nodeCount: model.nodeCount,
    ops: model.ops,
    metadata: model.metadata,
  });
  return id;
}
