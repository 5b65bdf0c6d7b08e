// The first four bytes tell the llama.cpp family apart: "GGUF", or the legacy magics, which
// ggml wrote as little-endian uint32 so the bytes read backwards ("lmgg" is 'ggml').
const LEGACY = new Set(["lmgg", "fmgg", "tjgg", "algg"]);

/** "gguf" or "ggml" (legacy GGML/GGMF/GGJT/GGLA) from a file's first bytes; null for anything else. */
export function sniffGguf(head: Uint8Array): "gguf" | "ggml" | null {
  if (head.length < 4) return null;
  const magic = String.fromCharCode(head[0] ?? 0, head[1] ?? 0, head[2] ?? 0, head[3] ?? 0);
  if (magic === "GGUF") return "gguf";
  return LEGACY.has(magic) ? "ggml" : null;
}
