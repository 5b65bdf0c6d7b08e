// LM Studio: the target is its models folder. It lists <publisher>/<repo>/<file>.gguf only (a
// file one level up is invisible) and finds shards and the mmproj projector beside the model.
import type { AppProfile } from "../profile.js";

export const lmstudio: AppProfile = {
  id: "lmstudio",
  name: "LM Studio",
  target: "LM Studio's models folder (~/.lmstudio/models)",
  layout: "folders",
  methods: ["reflink", "hardlink", "symlink", "copy"],
  rules: [
    {
      match: { format: "gguf", type: ["llm", "vlm", "embedding", "reranker"] },
      folder: "{publisher}/{repo}",
    },
    { match: { format: "gguf" }, skip: "LM Studio runs language and embedding GGUFs only" },
    { match: {}, skip: "LM Studio needs GGUF files" },
  ],
  detect: {
    paths: ["~/.lmstudio/models", "~/.cache/lm-studio/models"],
    pointer: { file: "~/.lmstudio-home-pointer", join: "models" },
  },
};
