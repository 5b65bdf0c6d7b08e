import { GGMLFileQuantizationType } from "@huggingface/gguf";

// Names from 1000 on are Unsloth naming aids that never appear in a file's `general.file_type`.
const FIRST_NON_FILE_TYPE = 1000;

/** The label of a GGUF `general.file_type` (llama.cpp's LLAMA_FTYPE), e.g. 15 → "Q4_K_M"; null if unknown. */
export function ggufFileTypeToQuant(fileType: number): string | null {
  if (!Number.isInteger(fileType) || fileType < 0 || fileType >= FIRST_NON_FILE_TYPE) return null;
  const name: unknown = GGMLFileQuantizationType[fileType];
  return typeof name === "string" ? name : null;
}
