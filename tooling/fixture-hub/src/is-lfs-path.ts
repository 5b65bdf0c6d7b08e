// Extensions the hub's default .gitattributes sends to LFS, plus .gguf (added by every GGUF repo).
const LFS_EXTENSIONS = new Set([
  "7z",
  "arrow",
  "bin",
  "bz2",
  "ckpt",
  "ftz",
  "gguf",
  "gz",
  "h5",
  "joblib",
  "mlmodel",
  "model",
  "msgpack",
  "npy",
  "npz",
  "onnx",
  "ot",
  "parquet",
  "pb",
  "pickle",
  "pkl",
  "pt",
  "pth",
  "rar",
  "safetensors",
  "tar",
  "tflite",
  "tgz",
  "wasm",
  "xz",
  "zip",
  "zst",
]);

/** Whether a repo path is LFS by name alone, as the hub's default .gitattributes decides. */
export function isLfsPath(path: string): boolean {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return (dot > 0 && LFS_EXTENSIONS.has(name.slice(dot + 1).toLowerCase())) || name.includes("tfevents");
}
