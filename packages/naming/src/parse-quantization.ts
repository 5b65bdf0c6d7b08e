// One quantization parser for every place a label can come from: GGUF file names, Hugging Face
// file names, GGUF metadata strings and safetensors dtypes. Canonical forms:
//   llama.cpp schemes in upper case: Q4_K_M, Q8_0, IQ2_XS, TQ1_0, MXFP4_MOE, Q4_K (a tensor type)
//   Unsloth dynamic quants keep their prefix: UD-Q4_K_XL
//   floats: F32, F16, BF16, FP8 (every fp8 variant, safetensors' F8_E4M3 too), FP4, NF4;
//   integer weights: INT8, INT4

const LLAMA_CPP = [
  "Q4_1_SOME_F16",
  "Q[1-8]_K(?:_(?:XXS|XS|XL|S|M|L))?",
  "Q[1-8]_[0-3](?:_[48]_[48])?",
  "IQ[1-4]_(?:XXS|XS|NL|S|M)",
  "TQ[12]_0",
  "MXFP4(?:_MOE)?",
  "NVFP4",
].join("|");

const ALIASES: ReadonlyArray<readonly [string, string]> = [
  ["bfloat16|bf16", "BF16"],
  ["float32|fp32|f32", "F32"],
  ["float16|fp16|f16", "F16"],
  [
    "(?:float8|fp8|f8)_(?:e4m3fnuz|e4m3fn|e4m3|e5m2fnuz|e5m2)(?:_scaled)?|(?:float8|fp8)(?:_scaled)?|e4m3fn|e5m2",
    "FP8",
  ],
  ["nf4", "NF4"],
  ["fp4", "FP4"],
  ["int8|8bit", "INT8"],
  ["int4|4bit", "INT4"],
];

/**
 * Alternation matching one quantization token (no boundaries): shared with `baseName`, which
 * strips the same tokens from the end of a file name.
 */
export const QUANT_TOKEN = `(?:UD[-_])?(?:${LLAMA_CPP})|${ALIASES.map(([re]) => `(?:${re})`).join("|")}`;

// A token counts only when it is not glued to letters or digits ("bf16" must not yield F16,
// "IQ4_XS" must not yield Q4_...). "_" and "-" are separators in model names.
const TOKEN_RE = new RegExp(`(?<![A-Za-z0-9])(?:${QUANT_TOKEN})(?![A-Za-z0-9])`, "gi");
const LLAMA_CPP_RE = new RegExp(`^(UD[-_])?(?:${LLAMA_CPP})$`, "i");
const ALIAS_RES = ALIASES.map(([re, label]) => [new RegExp(`^(?:${re})$`, "i"), label] as const);

function canonical(token: string): string | null {
  const llama = LLAMA_CPP_RE.exec(token);
  if (llama) {
    const prefix = llama[1];
    const scheme = token.slice(prefix?.length ?? 0).toUpperCase();
    return prefix ? `UD-${scheme}` : scheme;
  }
  for (const [re, label] of ALIAS_RES) if (re.test(token)) return label;
  return null;
}

/**
 * The canonical quantization label in `s` (a file name, a metadata value, a dtype), or null.
 * When a name holds several, the last one wins: `mmproj-f16-...-Q4_K_M` is a Q4_K_M file.
 */
export function parseQuantization(s: string): string | null {
  let last: string | null = null;
  for (const match of s.matchAll(TOKEN_RE)) last = match[0];
  return last === null ? null : canonical(last);
}
