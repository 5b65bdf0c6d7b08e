import { parseShardName } from "@ml/sharding";
import { QUANT_TOKEN } from "./parse-quantization.js";

const MODEL_EXTENSION =
  /\.(?:gguf|ggml|safetensors|sft|ckpt|pt|pth|bin|onnx|pkl|pickle|llamafile|mlmodel|tflite|nemo)$/i;
// Suffixes that say how a file was made, not which model it is: quantization and precision
// labels, Unsloth's "UD", mradermacher's imatrix marker "i1", "imat", legacy "ggmlv3".
const TRAILING_TAG = new RegExp(`[-_. ]+(?:${QUANT_TOKEN}|UD|i1|imat(?:rix)?|ggml(?:v\\d+)?)$`, "i");

/**
 * The model's name from a file name: extension, shard suffix, quantization and precision tags
 * removed. `Meta-Llama-3.1-8B-Instruct-Q4_K_M-00001-of-00002.gguf` → `Meta-Llama-3.1-8B-Instruct`.
 * Never empty: a name that is nothing but tags comes back without its extension only.
 */
export function baseName(fileName: string): string {
  const leaf = fileName.split(/[/\\]/).pop() ?? fileName;
  const shard = parseShardName(leaf);
  const stem = (shard ? shard.base : leaf).replace(MODEL_EXTENSION, "");
  let name = stem;
  for (let previous = ""; previous !== name; ) {
    previous = name;
    name = name.replace(TRAILING_TAG, "");
  }
  return name === "" ? stem || leaf : name;
}
