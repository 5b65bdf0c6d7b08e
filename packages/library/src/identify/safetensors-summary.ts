// Parameter count and precision from a tensor list. The precision label is the dtype holding
// most parameters; a file that mixes dtypes says so in its evidence instead of guessing.
import type { Evidence } from "./types.js";

export interface TensorStat {
  name: string;
  dtype: string;
  elements: number;
  /** Bytes on disk; 0 when not known. */
  bytes: number;
}

export interface DtypeStat {
  tensors: number;
  parameters: number;
  bytes: number;
}

export interface SafetensorsSummary {
  parameterCount: number;
  bytes: number;
  /** dtype → counts, in descending order of parameters. */
  dtypes: Record<string, DtypeStat>;
  quantization: string | null;
  evidence: Evidence[];
}

/** The label users know for each safetensors dtype. */
const DTYPE_LABEL: Readonly<Record<string, string>> = {
  F64: "F64",
  F32: "F32",
  F16: "F16",
  BF16: "BF16",
  F8_E4M3: "FP8",
  F8_E5M2: "FP8",
  F4: "FP4",
  I8: "INT8",
};

/** Packed quantization schemes recognised by their companion tensors (names end with these). */
const PACKED_SCHEMES: ReadonlyArray<{ label: string; all: string[]; none?: string[] }> = [
  { label: "BNB-NF4", all: [".quant_state.bitsandbytes__nf4"] },
  { label: "BNB-FP4", all: [".quant_state.bitsandbytes__fp4"] },
  { label: "GPTQ", all: [".qweight", ".qzeros", ".scales", ".g_idx"] },
  { label: "AWQ", all: [".qweight", ".qzeros", ".scales"], none: [".g_idx"] },
  { label: "MXFP4", all: ["_blocks", "_scales"] },
];

export function summarizeTensors(tensors: readonly TensorStat[]): SafetensorsSummary {
  const stats = new Map<string, DtypeStat>();
  let parameterCount = 0;
  let bytes = 0;
  for (const t of tensors) {
    const s = stats.get(t.dtype) ?? { tensors: 0, parameters: 0, bytes: 0 };
    s.tensors += 1;
    s.parameters += t.elements;
    s.bytes += t.bytes;
    stats.set(t.dtype, s);
    parameterCount += t.elements;
    bytes += t.bytes;
  }
  const ordered = [...stats.entries()].sort(
    (a, b) => b[1].parameters - a[1].parameters || b[1].tensors - a[1].tensors,
  );
  const dtypes = Object.fromEntries(ordered);
  const evidence: Evidence[] = [];

  const packed = packedScheme(tensors);
  if (packed) {
    evidence.push({
      source: "safetensors:keys",
      detail: `${packed} quantization tensors present`,
      strength: "strong",
    });
    return { parameterCount, bytes, dtypes, quantization: packed, evidence };
  }
  const top = ordered[0];
  if (!top) return { parameterCount, bytes, dtypes, quantization: null, evidence };
  const [dtype, stat] = top;
  const quantization = DTYPE_LABEL[dtype] ?? dtype;
  if (ordered.length === 1) {
    evidence.push({ source: "safetensors:dtypes", detail: `every tensor is ${dtype}`, strength: "strong" });
  } else {
    const share = (s: DtypeStat) => {
      if (parameterCount === 0) return `${s.tensors} tensors`;
      const percent = (100 * s.parameters) / parameterCount;
      return percent > 0 && percent < 0.1 ? "<0.1%" : `${percent.toFixed(1)}%`;
    };
    const parts = ordered.slice(0, 4).map(([d, s]) => `${d} ${share(s)}`);
    evidence.push({
      source: "safetensors:dtypes",
      detail: `mixed precision, labelled by the dominant dtype ${dtype} (${share(stat)} of parameters): ${parts.join(", ")}`,
      strength: "strong",
    });
  }
  return { parameterCount, bytes, dtypes, quantization, evidence };
}

function packedScheme(tensors: readonly TensorStat[]): string | null {
  const has = (suffix: string) => tensors.some((t) => t.name.endsWith(suffix));
  for (const scheme of PACKED_SCHEMES) {
    if (scheme.all.every(has) && !(scheme.none ?? []).some(has)) return scheme.label;
  }
  return null;
}
