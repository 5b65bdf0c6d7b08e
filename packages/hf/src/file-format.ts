const FORMATS: Record<string, string> = {
  gguf: "gguf",
  safetensors: "safetensors",
  onnx: "onnx",
  bin: "pytorch",
  pt: "pytorch",
  pth: "pytorch",
  ckpt: "ckpt",
  h5: "tensorflow",
  msgpack: "flax",
  mlmodel: "coreml",
  tflite: "tflite",
  llamafile: "llamafile",
};

/** The model format a file name says ("gguf", "safetensors", "pytorch" ...), or undefined for non-weights. */
export function fileFormat(path: string): string | undefined {
  const name = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  const dot = name.lastIndexOf(".");
  if (dot === -1) return undefined;
  // "training_args.bin" and friends are pickles but not models.
  if (name === "training_args.bin" || name.startsWith("optimizer.") || name.startsWith("scheduler."))
    return undefined;
  return FORMATS[name.slice(dot + 1)];
}
