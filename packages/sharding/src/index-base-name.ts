const INDEX = /^(.+)\.index(?:\.([a-z0-9_]{1,32}))?\.json$/i;

/**
 * Name of the whole file an index describes: `model.safetensors.index.json` → `model.safetensors`,
 * `diffusion_pytorch_model.safetensors.index.fp16.json` → `diffusion_pytorch_model.fp16.safetensors`
 * (transformers and diffusers put the variant there). Null when the name is not an index name.
 */
export function indexBaseName(name: string): string | null {
  const m = INDEX.exec(name);
  if (!m) return null;
  const [, weights = "", variant] = m;
  if (variant === undefined) return weights;
  const dot = weights.lastIndexOf(".");
  return dot > 0 ? `${weights.slice(0, dot)}.${variant}${weights.slice(dot)}` : `${weights}.${variant}`;
}
