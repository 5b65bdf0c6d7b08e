import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FixtureHub, startFixtureHub } from "@ml-tooling/fixture-hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModelLibrary } from "../store/model-library.js";
import { tinyLlamaGguf } from "../test-utils/tiny-gguf.js";
import { pullIntoLibrary } from "./pull-into-library.js";

let hub: FixtureHub;
let dir: string;
let library: ModelLibrary;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "library-pull-"));
  hub = await startFixtureHub({
    repos: [
      {
        id: "org/Tiny-Llama-GGUF",
        files: {
          "README.md": "# tiny\n",
          "Tiny-Llama-Q4_K_M.gguf": { content: tinyLlamaGguf("Tiny Llama Q4"), lfs: true },
          "Tiny-Llama-Q8_0.gguf": { content: tinyLlamaGguf("Tiny Llama Q8"), lfs: true },
        },
      },
    ],
  });
  library = await ModelLibrary.open(join(dir, "lib"), { create: true });
});
afterAll(async () => {
  await library.close();
  await hub.close();
  await rm(dir, { recursive: true, force: true });
});

const env = () => ({ HF_ENDPOINT: hub.url, HF_HOME: join(dir, "hf-home") });

describe("pullIntoLibrary", () => {
  it("downloads one variant, verifies it, and imports it with provenance; nothing is read twice or left behind", async () => {
    const result = await pullIntoLibrary(library, "org/Tiny-Llama-GGUF:Q4_K_M", { env: env() });
    expect(result.pull.files.map((f) => f.path)).toEqual(["Tiny-Llama-Q4_K_M.gguf"]);
    expect(result.imported?.skipped).toEqual([]);
    const id = result.imported?.imported[0]?.id ?? "";
    const model = await library.get(id);
    expect(model).toMatchObject({
      type: "llm",
      architecture: "llama",
      quantization: "Q4_K_M",
      source: {
        kind: "download",
        repo: "org/Tiny-Llama-GGUF",
        commit: hub.repo("org/Tiny-Llama-GGUF").commit,
        file: "Tiny-Llama-Q4_K_M.gguf",
      },
    });
    expect(model.sha256).toBe(hub.repo("org/Tiny-Llama-GGUF").files.get("Tiny-Llama-Q4_K_M.gguf")?.sha256);
    const left = await readdir(library.paths.downloads, { recursive: true });
    expect(left.filter((f) => f.endsWith(".gguf") || f.endsWith(".part"))).toEqual([]);
    expect((await library.verify([id])).ok).toBe(1);
  });

  it("a second pull of the same file is a duplicate, not a second copy", async () => {
    const again = await pullIntoLibrary(library, "org/Tiny-Llama-GGUF/Tiny-Llama-Q4_K_M.gguf", {
      env: env(),
    });
    expect(again.imported?.imported).toEqual([]);
    expect(again.imported?.skipped[0]?.code).toBe("DUPLICATE");
  });

  it("offline: fails with a message naming HF_HUB_OFFLINE and opens no connection", async () => {
    const before = hub.requests.length;
    await expect(
      pullIntoLibrary(library, "org/Tiny-Llama-GGUF:Q8_0", { env: { ...env(), HF_HUB_OFFLINE: "1" } }),
    ).rejects.toThrow(/HF_HUB_OFFLINE/);
    expect(hub.requests.length).toBe(before);
  });
});
