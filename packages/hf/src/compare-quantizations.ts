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
