import { describe, expect, it } from "vitest";
import { buildOnnxModel } from "../test-utils/onnx-writer.js";
import { bufferSource } from "./byte-source.js";
import { identifyOnnx } from "./onnx-identify.js";
import { readOnnxModel } from "./onnx-read-model.js";

describe("readOnnxModel", () => {
  it("reads the header, opset, io names, ops and initializers (packed dims too)", async () => {
    for (const packedDims of [false, true]) {
      const bytes = buildOnnxModel({
        irVersion: 9,
        producerName: "optimum",
        opset: 18,
        packedDims,
        nodes: [
          { opType: "MatMul", inputs: ["a", "w"], outputs: ["b"] },
          { opType: "MatMul", inputs: ["b", "w"], outputs: ["c"] },
          { opType: "Relu", inputs: ["c"], outputs: ["d"] },
        ],
        initializers: [{ name: "w", dims: [300, 2], dataType: 10 }],
        inputs: ["a"],
        outputs: ["d"],
      });
      const model = await readOnnxModel(bufferSource(bytes));
      expect(model).toMatchObject({
        irVersion: 9,
        producerName: "optimum",
        producerVersion: "2.3.0",
        graphName: "main_graph",
        opsets: [{ domain: "", version: 18 }],
        inputs: ["a"],
        outputs: ["d"],
        nodeCount: 3,
        ops: { MatMul: 2, Relu: 1 },
        initializers: [{ name: "w", dataType: 10, elements: 600 }],
        partial: false,
      });
    }
  });

  it.each([
    ["empty", Buffer.alloc(0)],
    ["text", Buffer.from("hello, world")],
    ["ir version 0", Buffer.from([0x08, 0x00, 0x3a, 0x00])],
    ["no graph", Buffer.from([0x08, 0x07, 0x12, 0x01, 0x41])],
    ["length past the end", Buffer.from([0x08, 0x07, 0x3a, 0x7f, 0x00])],
    ["group wire type", Buffer.from([0x08, 0x07, 0x3b])],
  ])("says %s is not ONNX", async (_, bytes) => {
    expect(await readOnnxModel(bufferSource(bytes))).toBeNull();
  });
});

describe("identifyOnnx", () => {
  it("labels precision from initializers and type from io names", async () => {
    const bytes = buildOnnxModel({
      initializers: [
        { name: "unet.w1", dims: [64, 64], dataType: 10 },
        { name: "unet.w2", dims: [8], dataType: 1 },
      ],
      inputs: ["sample", "timestep", "encoder_hidden_states"],
      outputs: ["out_sample"],
    });
    const id = await identifyOnnx(bufferSource(bytes));
    expect(id).toMatchObject({
      format: "onnx",
      type: "diffusion",
      subtype: "unet",
      quantization: "F16",
      parameterCount: 4104,
      confidence: 0.4,
    });
  });

  it("uses initializer names when the exporter kept them", async () => {
    const bytes = buildOnnxModel({
      initializers: [
        { name: "text_model.embeddings.token_embedding.weight", dims: [16, 768], dataType: 1 },
        { name: "text_model.encoder.layers.0.self_attn.k_proj.weight", dims: [768, 768], dataType: 1 },
      ],
    });
    expect(await identifyOnnx(bufferSource(bytes))).toMatchObject({
      type: "text-encoder",
      architecture: "clip-text",
      confidence: 0.5,
    });
  });

  it("keeps an unknown ONNX model importable at low confidence", async () => {
    const id = await identifyOnnx(bufferSource(buildOnnxModel({ inputs: ["x"], outputs: ["y"] })));
    expect(id).toMatchObject({ format: "onnx", type: "unknown", confidence: 0.3, parameterCount: null });
  });
});
