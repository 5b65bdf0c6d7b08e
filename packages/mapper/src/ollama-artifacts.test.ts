import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ollamaArtifacts } from "./ollama-artifacts.js";

const layer = (c: string, mediaType = "application/vnd.ollama.image.model") => ({
  mediaType,
  digest: `sha256:${c.repeat(64)}`,
  size: 7,
});

describe("ollamaArtifacts", () => {
  it("names the config by the sha256 of its exact bytes and lists the layers in the manifest", () => {
    const { config, configDigest, manifest } = ollamaArtifacts([layer("a")], {
      architecture: "llama",
      quantization: "q4_k_m",
      parameterCount: 8_030_261_248,
    });
    expect(configDigest).toBe(`sha256:${createHash("sha256").update(config).digest("hex")}`);
    expect(JSON.parse(config)).toMatchObject({
      model_format: "gguf",
      model_family: "llama",
      model_families: ["llama"],
      model_type: "8.0B",
      file_type: "Q4_K_M",
      rootfs: { type: "layers", diff_ids: [`sha256:${"a".repeat(64)}`] },
    });
    expect(JSON.parse(manifest)).toEqual({
      schemaVersion: 2,
      mediaType: "application/vnd.docker.distribution.manifest.v2+json",
      config: {
        mediaType: "application/vnd.docker.container.image.v1+json",
        digest: configDigest,
        size: Buffer.byteLength(config),
      },
      layers: [layer("a")],
    });
  });

  it("writes parameter sizes as Ollama does and adds clip for a projector", () => {
    const type = (n: number | null) =>
      JSON.parse(
        ollamaArtifacts([layer("a")], { architecture: null, quantization: null, parameterCount: n }).config,
      ).model_type;
    expect([type(7e9), type(1_235_814_432), type(335e6), type(22_700), type(999), type(null)]).toEqual([
      "7B",
      "1.2B",
      "335M",
      "22.7K",
      "999",
      "",
    ]);
    const vision = JSON.parse(
      ollamaArtifacts([layer("a"), layer("b", "application/vnd.ollama.image.projector")], {
        architecture: "gemma3",
        quantization: null,
        parameterCount: null,
      }).config,
    );
    expect(vision.model_families).toEqual(["gemma3", "clip"]);
    expect(vision.file_type).toBe("");
  });
});
