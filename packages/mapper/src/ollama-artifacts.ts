// The two small files that make a GGUF blob an Ollama model: the config blob (its JSON is what
// `ollama show`/`ollama list` report) and the manifest. Fields follow what Ollama writes on
// `ollama create`: model_format/family/families/type/file_type, plus architecture, os and rootfs,
// which older versions required and newer ones ignore.
import { createHash } from "node:crypto";

export const OLLAMA_MANIFEST_MEDIA_TYPE = "application/vnd.docker.distribution.manifest.v2+json";
export const OLLAMA_CONFIG_MEDIA_TYPE = "application/vnd.docker.container.image.v1+json";
export const OLLAMA_MODEL_MEDIA_TYPE = "application/vnd.ollama.image.model";
export const OLLAMA_PROJECTOR_MEDIA_TYPE = "application/vnd.ollama.image.projector";

export interface OllamaLayer {
  mediaType: string;
  digest: string;
  size: number;
}

export interface OllamaArtifacts {
  config: string;
  configDigest: string;
  manifest: string;
}

/** Ollama's format.HumanNumber: 8030261248 → "8.0B", 7000000000 → "7B". */
function humanNumber(n: number): string {
  const units: Array<[number, string]> = [
    [1e9, "B"],
    [1e6, "M"],
    [1e3, "K"],
  ];
  for (const [size, unit] of units) {
    if (n >= size) {
      const value = n / size;
      return Number.isInteger(value) ? `${value}${unit}` : `${value.toFixed(1)}${unit}`;
    }
  }
  return String(n);
}

const GOARCH: Record<string, string> = { x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" };
const GOOS: Record<string, string> = { win32: "windows" };

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/** Config blob and manifest for a model whose weights (and projector) are `layers`. */
export function ollamaArtifacts(
  layers: OllamaLayer[],
  info: { architecture: string | null; quantization: string | null; parameterCount: number | null },
): OllamaArtifacts {
  const family = info.architecture ?? "";
  const hasProjector = layers.some((l) => l.mediaType === OLLAMA_PROJECTOR_MEDIA_TYPE);
  const families = [family, ...(hasProjector ? ["clip"] : [])].filter((f) => f !== "");
  const config = JSON.stringify({
    model_format: "gguf",
    model_family: family,
    model_families: families,
    model_type: info.parameterCount ? humanNumber(info.parameterCount) : "",
    file_type: info.quantization?.toUpperCase() ?? "",
    architecture: GOARCH[process.arch] ?? process.arch,
    os: GOOS[process.platform] ?? process.platform,
    rootfs: { type: "layers", diff_ids: layers.map((l) => l.digest) },
  });
  const configDigest = `sha256:${sha256(config)}`;
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: OLLAMA_MANIFEST_MEDIA_TYPE,
    config: { mediaType: OLLAMA_CONFIG_MEDIA_TYPE, digest: configDigest, size: Buffer.byteLength(config) },
    layers,
  });
  return { config, configDigest, manifest };
}
