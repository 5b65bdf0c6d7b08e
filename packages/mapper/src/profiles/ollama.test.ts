import { createHash } from "node:crypto";
import { copyFile, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { applyPlan } from "../apply-plan.js";
import { MapperError } from "../mapper-error.js";
import type { MapperModel } from "../model.js";
import { planLinks } from "../plan-links.js";
import { removeModelLinks } from "../remove-model-links.js";
import { describeAcceptance, makeScene } from "../test-utils/acceptance.js";
import { tempDirs } from "../test-utils/temp-dirs.js";
import { ollama } from "./ollama.js";

const sha = (models: Map<string, MapperModel>, id: string, file = 0) =>
  models.get(id)?.files[file]?.sha256 ?? "?";
const CONFIG_BLOB = /^blobs\/sha256-[0-9a-f]{64}$/;
const manifest = (name: string, tag: string) => `manifests/registry.ollama.ai/library/${name}/${tag}`;

const CASE = {
  profile: ollama,
  layout: ["blobs/", "manifests/"],
  expected: (m: Map<string, MapperModel>) => ({
    "llm-llama-q4": [
      `blobs/sha256-${sha(m, "llm-llama-q4")}`,
      CONFIG_BLOB,
      manifest("llama-3.2-1b-instruct", "q4_k_m"),
    ],
    "llm-llama-q8": [
      `blobs/sha256-${sha(m, "llm-llama-q8")}`,
      CONFIG_BLOB,
      manifest("llama-3.2-1b-instruct", "q8_0"),
    ],
    "vlm-gemma": [
      `blobs/sha256-${sha(m, "vlm-gemma", 0)}`,
      `blobs/sha256-${sha(m, "vlm-gemma", 1)}`,
      CONFIG_BLOB,
      manifest("gemma-3-4b-it", "q4_k_m"),
    ],
    "vlm-qwen2vl": [
      `blobs/sha256-${sha(m, "vlm-qwen2vl", 0)}`,
      `blobs/sha256-${sha(m, "vlm-qwen2vl", 1)}`,
      CONFIG_BLOB,
      manifest("qwen2-vl-2b-instruct", "q4_k_m"),
    ],
    "emb-nomic": [
      `blobs/sha256-${sha(m, "emb-nomic")}`,
      CONFIG_BLOB,
      manifest("nomic-embed-text-v1.5", "q8_0"),
    ],
  }),
  removeModel: "vlm-gemma",
  syncDropModel: "emb-nomic",
  conflictModel: "llm-llama-q8",
  conflictAt: /^manifests\//,
};

describeAcceptance("Ollama", CASE);

describe("ollama layout", () => {
  const tmp = tempDirs();

  it("writes Ollama's manifest format, hard-links the GGUF as its sha256 blob (same inode) and names the projector", async () => {
    const scene = await makeScene(CASE, tmp);
    const plan = await planLinks({
      profile: ollama,
      target: scene.target,
      models: scene.models,
      registry: scene.registry,
    });
    await applyPlan(plan, { registry: scene.registry });
    const gemma = scene.models.find((m) => m.id === "vlm-gemma");
    const [weights, projector] = gemma?.files ?? [];
    if (!weights || !projector) throw new Error("fixture");
    const text = await readFile(path.join(scene.target, manifest("gemma-3-4b-it", "q4_k_m")), "utf8");
    const doc = JSON.parse(text);
    expect(doc).toMatchObject({
      schemaVersion: 2,
      mediaType: "application/vnd.docker.distribution.manifest.v2+json",
      config: { mediaType: "application/vnd.docker.container.image.v1+json" },
      layers: [
        {
          mediaType: "application/vnd.ollama.image.model",
          digest: `sha256:${weights.sha256}`,
          size: weights.size,
        },
        {
          mediaType: "application/vnd.ollama.image.projector",
          digest: `sha256:${projector.sha256}`,
          size: projector.size,
        },
      ],
    });
    expect(Object.keys(doc)).toEqual(["schemaVersion", "mediaType", "config", "layers"]);

    const configFile = path.join(scene.target, "blobs", doc.config.digest.replace(":", "-"));
    const configBytes = await readFile(configFile);
    expect(`sha256:${createHash("sha256").update(configBytes).digest("hex")}`).toBe(doc.config.digest);
    expect(configBytes.length).toBe(doc.config.size);
    expect(JSON.parse(configBytes.toString())).toMatchObject({
      model_format: "gguf",
      model_family: "gemma3",
      model_families: ["gemma3", "clip"],
      model_type: "3.9B",
      file_type: "Q4_K_M",
      rootfs: { type: "layers", diff_ids: [`sha256:${weights.sha256}`, `sha256:${projector.sha256}`] },
    });

    for (const file of [weights, projector]) {
      const blob = await stat(path.join(scene.target, "blobs", `sha256-${file.sha256}`));
      const source = await stat(file.path);
      expect([blob.ino, blob.dev]).toEqual([source.ino, source.dev]);
    }
  });

  it("skips split GGUFs, non-GGUF models and models without a sha256, saying why", async () => {
    const scene = await makeScene(CASE, tmp);
    const llama = scene.models.find((m) => m.id === "llm-llama-q4");
    if (!llama) throw new Error("fixture");
    const unhashed = { ...llama, id: "unhashed", files: llama.files.map((f) => ({ ...f, sha256: null })) };
    const plan = await planLinks({
      profile: ollama,
      target: scene.target,
      models: [...scene.models, unhashed],
      registry: scene.registry,
    });
    const reason = (id: string) => plan.skipped.find((s) => s.modelId === id)?.reason;
    expect(reason("llm-qwen-shards")).toMatch(/^split GGUF \(3 files\)/);
    expect(reason("sd15-ckpt")).toBe("Ollama needs a GGUF file");
    expect(reason("flux-gguf")).toBe("Ollama runs language and embedding GGUFs only");
    expect(reason("unhashed")).toMatch(/^no sha256 for Llama-3.2-1B-Instruct-Q4_K_M.gguf/);
  });

  it("uses a name the user chose, and refuses symlinks", async () => {
    const scene = await makeScene(CASE, tmp);
    const models = scene.models.filter((m) => m.id === "llm-llama-q4");
    const plan = await planLinks({
      profile: ollama,
      target: scene.target,
      models,
      registry: scene.registry,
      names: { "llm-llama-q4": "My Llama!" },
    });
    expect(plan.actions.map((a) => path.relative(scene.target, a.path))).toContain(
      manifest("my-llama", "q4_k_m"),
    );
    await expect(
      planLinks({
        profile: ollama,
        target: scene.target,
        models,
        registry: scene.registry,
        strategy: "symlink",
      }),
    ).rejects.toThrow(
      new MapperError(
        "UNSUPPORTED_STRATEGY",
        "Ollama cannot use symlink links (it takes hardlink, reflink, copy)",
      ),
    );
  });

  it("reuses a blob Ollama already has without owning it, and keeps it when our manifest goes", async () => {
    const scene = await makeScene(CASE, tmp);
    const llama = scene.models.find((m) => m.id === "llm-llama-q4");
    const file = llama?.files[0];
    if (!llama || !file) throw new Error("fixture");
    const blob = path.join(scene.target, "blobs", `sha256-${file.sha256}`);
    await writeFile(blob, await readFile(file.path));
    const plan = await planLinks({
      profile: ollama,
      target: scene.target,
      models: [llama],
      registry: scene.registry,
    });
    expect(plan.actions.find((a) => a.path === blob)).toMatchObject({ action: "keep", owned: false });
    await applyPlan(plan, { registry: scene.registry });
    expect(await scene.registry.list({ path: blob })).toEqual([]);
    await removeModelLinks(scene.registry, llama.id);
    expect((await stat(blob)).size).toBe(file.size);
    expect(await readdir(path.join(scene.target, "manifests"))).toEqual(["registry.ollama.ai"]);
  });

  it("leaves a blob another manifest still uses", async () => {
    const scene = await makeScene(CASE, tmp);
    const llama = scene.models.find((m) => m.id === "llm-llama-q4");
    const file = llama?.files[0];
    if (!llama || !file) throw new Error("fixture");
    await applyPlan(
      await planLinks({ profile: ollama, target: scene.target, models: [llama], registry: scene.registry }),
      {
        registry: scene.registry,
      },
    );
    // `ollama cp` made a second name for the same blobs.
    const ours = path.join(scene.target, manifest("llama-3.2-1b-instruct", "q4_k_m"));
    const copy = path.join(scene.target, manifest("my-copy", "latest"));
    await mkdir(path.dirname(copy), { recursive: true });
    await copyFile(ours, copy);
    const result = await removeModelLinks(scene.registry, llama.id);
    await expect(stat(ours)).rejects.toThrow();
    const blob = path.join(scene.target, "blobs", `sha256-${file.sha256}`);
    expect((await stat(blob)).size).toBe(file.size);
    expect(result.results.find((r) => r.path === blob)).toMatchObject({
      status: "left",
      detail: "another Ollama manifest still uses this blob",
    });
    expect(await scene.registry.list()).toEqual([]);
  });
});

describe("ollama renamed tags", () => {
  const tmp = tempDirs();

  it("keeps a renamed tag on later runs even when the blob is Ollama's own", async () => {
    const scene = await makeScene(CASE, tmp);
    const llama = scene.models.find((m) => m.id === "llm-llama-q4");
    const file = llama?.files[0];
    if (!llama || !file) throw new Error("fixture");
    await writeFile(path.join(scene.target, "blobs", `sha256-${file.sha256}`), await readFile(file.path));
    const theirs = path.join(scene.target, manifest("llama-3.2-1b-instruct", "q4_k_m"));
    await mkdir(path.dirname(theirs), { recursive: true });
    await writeFile(theirs, "{}");
    const options = { profile: ollama, target: scene.target, models: [llama], registry: scene.registry };
    await applyPlan(await planLinks({ ...options, onConflict: "rename" }), { registry: scene.registry });
    const ours = path.join(scene.target, manifest("llama-3.2-1b-instruct", "q4_k_m-mlib"));
    expect((await stat(ours)).isFile()).toBe(true);
    const again = await planLinks(options);
    expect(again.actions.map((a) => a.action)).toEqual(["keep", "keep", "keep"]);
    expect(await readFile(theirs, "utf8")).toBe("{}");
  });
});
