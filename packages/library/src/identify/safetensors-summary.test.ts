import { describe, expect, it } from "vitest";
import { summarizeTensors } from "./safetensors-summary.js";

const t = (name: string, dtype: string, elements: number) => ({ name, dtype, elements, bytes: elements * 2 });

describe("summarizeTensors", () => {
  it("labels a single-dtype file by its dtype", () => {
    const s = summarizeTensors([t("a", "BF16", 10), t("b", "BF16", 6)]);
    expect(s).toMatchObject({
      parameterCount: 16,
      quantization: "BF16",
      dtypes: { BF16: { tensors: 2, parameters: 16, bytes: 32 } },
    });
    expect(s.evidence[0]?.detail).toBe("every tensor is BF16");
  });

  it.each([
    ["F8_E4M3", "FP8"],
    ["F8_E5M2", "FP8"],
    ["F32", "F32"],
    ["F16", "F16"],
    ["I8", "INT8"],
    ["U8", "U8"],
  ])("labels %s as %s", (dtype, label) => {
    expect(summarizeTensors([t("w", dtype, 4)]).quantization).toBe(label);
  });

  it("labels mixed precision by the dtype holding most parameters, with the shares as evidence", () => {
    const s = summarizeTensors([t("w1", "F8_E4M3", 900), t("norm", "BF16", 99), t("scale", "F32", 1)]);
    expect(s.quantization).toBe("FP8");
    expect(Object.keys(s.dtypes)).toEqual(["F8_E4M3", "BF16", "F32"]);
    expect(s.evidence[0]?.detail).toBe(
      "mixed precision, labelled by the dominant dtype F8_E4M3 (90.0% of parameters): F8_E4M3 90.0%, BF16 9.9%, F32 0.1%",
    );
  });

  it.each([
    [["l.qweight", "l.qzeros", "l.scales", "l.g_idx"], "GPTQ"],
    [["l.qweight", "l.qzeros", "l.scales"], "AWQ"],
    [["l.weight", "l.weight.quant_state.bitsandbytes__nf4"], "BNB-NF4"],
    [["experts.gate_up_proj_blocks", "experts.gate_up_proj_scales"], "MXFP4"],
  ])("recognises packed quantization from companion tensors %j", (names, label) => {
    expect(summarizeTensors(names.map((n) => t(n, "I32", 8))).quantization).toBe(label);
  });

  it("knows nothing about an empty list", () => {
    expect(summarizeTensors([])).toMatchObject({ parameterCount: 0, quantization: null, evidence: [] });
  });
});
