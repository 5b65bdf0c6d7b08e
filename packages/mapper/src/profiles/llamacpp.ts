// llama.cpp: any folder. Single files sit at the top; a model with several files (shards, an
// mmproj projector) gets a folder of its own, the layout `llama-server --models-dir` reads.
import type { AppProfile } from "../profile.js";

export const llamacpp: AppProfile = {
  id: "llamacpp",
  name: "llama.cpp",
  target: "any folder",
  layout: "folders",
  methods: ["reflink", "hardlink", "symlink", "copy"],
  rules: [
    {
      match: { format: "gguf", type: ["llm", "vlm", "embedding", "reranker"] },
      folder: "",
      bundle: "multi-file",
    },
    { match: { format: "gguf" }, skip: "llama.cpp runs language and embedding GGUFs only" },
    { match: {}, skip: "llama.cpp needs GGUF files" },
  ],
};
