import { describe, expect, it } from "vitest";
import { fileFormat } from "./file-format.js";

describe("fileFormat", () => {
  it("names weight formats by extension and leaves other files out", () => {
    expect(fileFormat("a/b/Model.GGUF")).toBe("gguf");
    expect(fileFormat("model-00001-of-00002.safetensors")).toBe("safetensors");
    expect(fileFormat("pytorch_model.bin")).toBe("pytorch");
    expect(fileFormat("v1-5.ckpt")).toBe("ckpt");
    expect(fileFormat("onnx/model.onnx")).toBe("onnx");
    expect(fileFormat("training_args.bin")).toBeUndefined();
    expect(fileFormat("config.json")).toBeUndefined();
    expect(fileFormat("LICENSE")).toBeUndefined();
  });
});
