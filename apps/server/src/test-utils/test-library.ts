import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ModelLibrary } from "@ml/library";
import { writeLlmGguf } from "./write-gguf.js";

export const HF_REPO = "org/tiny-GGUF";
export const HF_COMMIT = "0123456789abcdef0123456789abcdef01234567";

export interface TestLibrary {
  /** Temp folder holding the library (`root`) and the files imported from (`dir/in`). */
  dir: string;
  root: string;
  library: ModelLibrary;
  /** Model ids: a llama Q4_K_M, a qwen2 Q8_0 (tagged "chat"), a GGUF pulled from org/tiny-GGUF, an unknown file. */
  ids: { llama: string; qwen: string; hf: string; unknown: string };
  cleanup(): Promise<void>;
}

/** A real library in a temp folder with four small models imported the normal way. */
export async function createTestLibrary(): Promise<TestLibrary> {
  const dir = await mkdtemp(join(tmpdir(), "mlib-server-"));
  const input = join(dir, "in");
  await mkdir(input);
  const root = join(dir, "library");
  const library = await ModelLibrary.open(root, { create: true });
  const one = async (path: string, options: Parameters<ModelLibrary["import"]>[1] = {}) => {
    const { imported, skipped } = await library.import([path], options);
    const id = imported[0]?.id;
    if (!id) throw new Error(`test import of ${path} failed: ${JSON.stringify(skipped)}`);
    return id;
  };
  await writeLlmGguf(join(input, "Llama-Test-Q4_K_M.gguf"), { architecture: "llama", seed: 1 });
  await writeLlmGguf(join(input, "Qwen-Test-Q8_0.gguf"), { architecture: "qwen2", fileType: 7, seed: 2 });
  await writeLlmGguf(join(input, "tiny-Q4_K_M.gguf"), { architecture: "llama", seed: 3 });
  await writeFile(join(input, "mystery.dat"), "not really a model, but kept all the same\n");
  const ids = {
    llama: await one(join(input, "Llama-Test-Q4_K_M.gguf")),
    qwen: await one(join(input, "Qwen-Test-Q8_0.gguf"), { tags: ["chat"] }),
    hf: await one(join(input, "tiny-Q4_K_M.gguf"), {
      source: {
        kind: "download",
        repo: HF_REPO,
        revision: "main",
        commit: HF_COMMIT,
        file: "tiny-Q4_K_M.gguf",
      },
    }),
    unknown: await one(join(input, "mystery.dat")),
  };
  return {
    dir,
    root,
    library,
    ids,
    async cleanup() {
      await library.close().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
