import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ModelLibrary } from "@ml/library";
import { kohyaSd15Lora, writeSafetensors } from "@ml-tooling/fixture-hub";
import { type RunningServer, startServer } from "../../start-server.js";
import { writeLlmGguf } from "../../test-utils/write-gguf.js";
import { type ScriptedDownloads, scriptedDownloads } from "./scripted-downloads.js";

/** A name a model file could carry: markup and script, which the pages must show as text. */
export const HOSTILE_NAME = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>`;

export interface UiServer {
  server: RunningServer;
  url: string;
  library: ModelLibrary;
  downloads: ScriptedDownloads;
  /** Files not yet imported: a Mistral GGUF. */
  inbox: { mistral: string };
  /** An empty ComfyUI folder (it holds `models/`). */
  comfy: string;
  ids: { llama: string; qwen: string; lora: string; hostile: string };
  close(): Promise<void>;
}

/**
 * The real server on a temp library holding a llama and a qwen2 GGUF, an SD1.5 LoRA and a model
 * renamed to `HOSTILE_NAME`; pulls go through `scriptedDownloads`, which imports a GGUF when a
 * pull completes, as the real queue does.
 */
export async function startUiServer(): Promise<UiServer> {
  const dir = await mkdtemp(join(tmpdir(), "mlib-ui-"));
  const input = join(dir, "in");
  const inbox = join(dir, "inbox");
  const comfy = join(dir, "ComfyUI");
  await Promise.all([input, inbox, join(comfy, "models")].map((d) => mkdir(d, { recursive: true })));
  const library = await ModelLibrary.open(join(dir, "library"), { create: true });
  const one = async (path: string, tags: string[] = []) => {
    const { imported, skipped } = await library.import([path], { tags });
    const id = imported[0]?.id;
    if (!id) throw new Error(`test import of ${path} failed: ${JSON.stringify(skipped)}`);
    return id;
  };
  await writeLlmGguf(join(input, "Llama-Test-8B-Q4_K_M.gguf"), { architecture: "llama", seed: 1 });
  await writeLlmGguf(join(input, "Qwen-Test-7B-Q8_0.gguf"), { architecture: "qwen2", fileType: 7, seed: 2 });
  await writeLlmGguf(join(input, "odd-name-Q4_K_M.gguf"), { architecture: "llama", seed: 3 });
  await writeSafetensors(join(input, "detail-tweaker-sd15.safetensors"), kohyaSd15Lora());
  await writeLlmGguf(join(inbox, "Mistral-Test-7B-Q5_K_M.gguf"), {
    architecture: "llama",
    fileType: 17,
    seed: 4,
  });
  const ids = {
    llama: await one(join(input, "Llama-Test-8B-Q4_K_M.gguf"), ["chat"]),
    qwen: await one(join(input, "Qwen-Test-7B-Q8_0.gguf")),
    lora: await one(join(input, "detail-tweaker-sd15.safetensors")),
    hostile: await one(join(input, "odd-name-Q4_K_M.gguf")),
  };
  await library.setOverrides(ids.hostile, { name: HOSTILE_NAME, tags: [HOSTILE_NAME] });

  let pulled = 0;
  const downloads = scriptedDownloads(async (info) => {
    const file = join(input, `Pulled-${++pulled}-Q4_K_M.gguf`);
    await writeLlmGguf(file, { architecture: "llama", seed: 100 + pulled });
    const repo = info.spec.split(":")[0] ?? info.spec;
    const { imported } = await library.import([file], {
      source: { kind: "download", repo, revision: "main", file: "model.gguf" },
    });
    return imported.map((m) => m.id);
  });
  const server = await startServer({ library, port: 0, downloads, watch: false });
  return {
    server,
    url: server.url,
    library,
    downloads,
    inbox: { mistral: join(inbox, "Mistral-Test-7B-Q5_K_M.gguf") },
    comfy,
    ids,
    async close() {
      await server.close();
      await library.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
