// llama.cpp quantization labels as they appear in GGUF file names: Q4_K_M, IQ2_XXS, Q4_0_4_4,
// TQ1_0, MXFP4, F16, BF16 ... (case ignored, "UD-" prefixes of dynamic quants kept).
const LABEL =
  /(?<![A-Za-z0-9])((?:UD-)?(?:I?Q[1-8]_(?:K(?:_(?:XXS|XS|S|M|L|XL))?|[0-9](?:_[0-9]_[0-9])?|XXS|XS|S|M|NL)|TQ[12]_0|MXFP4(?:_MOE)?|BF16|F16|F32|FP16|FP32))(?![A-Za-z0-9])/gi;

/** The quantization label in a (GGUF) file name, upper-cased; the last one when several appear. */
export function parseQuantization(fileName: string): string | undefined {
  const base = fileName.slice(fileName.lastIndexOf("/") + 1);
  let label: string | undefined;
  for (const match of base.matchAll(LABEL)) label = match[1];
  return label?.toUpperCase();
}

/** Orders labels by bits per weight (fewest first), then by name: Q2_K, IQ4_XS, Q4_K_M, Q8_0, F16. */
export function compareQuantizations(a: string, b: string): number {
  return bits(a) - bits(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function bits(label: string): number {
  const float = /^(?:B?F|FP)(16|32)$/.exec(label);
  if (float) return Number(float[1]);
  const digit = /Q(\d)|FP(\d)/.exec(label);
  return digit ? Number(digit[1] ?? digit[2]) : 99;
}
