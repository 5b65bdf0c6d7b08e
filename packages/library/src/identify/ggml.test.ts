import { describe, expect, it } from "vitest";
import { GGML_HEAD_BYTES, identifyGgmlHead } from "./ggml.js";
import { IdentifyError } from "./identify-error.js";

/** A legacy header: magic bytes as stored, optional version, then int32 values. */
function head(magic: string, version: number | null, values: number[]): Uint8Array {
  const bytes = new Uint8Array(GGML_HEAD_BYTES);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(magic), 0);
  let at = 4;
  if (version !== null) {
    view.setUint32(4, version, true);
    at = 8;
  }
  for (const [i, v] of values.entries()) view.setInt32(at + i * 4, v, true);
  return bytes;
}
const LLAMA_7B = [32000, 4096, 256, 32, 32, 128];

describe("identifyGgmlHead", () => {
  it.each([
    ["lmgg", null, 2, "GGML", "Q4_0"],
    ["fmgg", 1, 1, "GGMF v1", "F16"],
    ["tjgg", 1, 3, "GGJT v1", "Q4_1"],
    ["tjgg", 3, 2007, "GGJT v3", "Q8_0"],
  ])("%s v%s ftype %i", (magic, version, ftype, label, quant) => {
    const id = identifyGgmlHead(head(magic, version, [...LLAMA_7B, ftype]), "model.bin");
    expect(id).toMatchObject({
      format: "ggml",
      type: "llm",
      architecture: null,
      quantization: quant,
      parameterCount: null,
      contextLength: null,
      confidence: 0.4,
    });
    expect(id.evidence[0]).toEqual({
      source: "ggml:magic",
      detail: `legacy ${label} file (pre-GGUF llama.cpp format)`,
      strength: "strong",
    });
    expect(id.fields).toMatchObject({ nVocab: 32000, nEmbd: 4096, nLayer: 32 });
  });

  it("recognises a GGLA LoRA adapter", () => {
    const id = identifyGgmlHead(head("algg", 1, [8, 16]), "lora.bin");
    expect(id).toMatchObject({
      format: "ggml",
      type: "lora",
      subtype: "lora",
      fields: { loraRank: 8, loraAlpha: 16 },
    });
  });

  it("trusts no implausible hyperparameters, only the name, weakly", () => {
    const id = identifyGgmlHead(head("tjgg", 3, [-5, 0, 0, 0, 0, 0, 2]), "llama-2-7b.ggmlv3.q5_1.bin");
    expect(id.quantization).toBe("Q5_1");
    expect(id.fields).not.toHaveProperty("nVocab");
    expect(id.evidence.at(-1)).toEqual({ source: "name", detail: "file name says Q5_1", strength: "weak" });
  });

  it("calls a header cut short TRUNCATED", () => {
    expect(() => identifyGgmlHead(head("tjgg", 3, LLAMA_7B).subarray(0, 20), "x.bin")).toThrow(IdentifyError);
    expect(() => identifyGgmlHead(head("tjgg", 3, LLAMA_7B).subarray(0, 20), "x.bin")).toThrow(
      /ends inside the ggjt header/,
    );
  });
});
