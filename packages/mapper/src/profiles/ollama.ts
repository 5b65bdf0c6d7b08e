// Ollama: the target is its models folder ($OLLAMA_MODELS). The GGUF becomes a blob named after
// its sha256 (hard-linked: zero copy), described by a manifest Ollama lists like a pulled model.
// Symlinks are never used: Ollama treats blobs as its own regular files (prune, rm, create), and
// not every version follows a symlinked blob. Across file systems a copy is the only way.
import type { AppProfile } from "../profile.js";

export const ollama: AppProfile = {
  id: "ollama",
  name: "Ollama",
  target: "Ollama's models folder ($OLLAMA_MODELS, ~/.ollama/models)",
  layout: "ollama",
  methods: ["hardlink", "reflink", "copy"],
  rules: [
    { match: { format: "gguf", type: ["llm", "vlm", "embedding"] } },
    { match: { format: "gguf" }, skip: "Ollama runs language and embedding GGUFs only" },
    { match: {}, skip: "Ollama needs a GGUF file" },
  ],
  detect: {
    env: ["OLLAMA_MODELS"],
    paths: ["~/.ollama/models", "/usr/share/ollama/.ollama/models"],
    any: ["manifests", "blobs"],
  },
};
