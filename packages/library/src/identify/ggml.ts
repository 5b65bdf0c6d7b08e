// Legacy llama.cpp files from before GGUF (2023): GGML (unversioned), GGMF, GGJT v1-3, and GGLA
// LoRA adapters. They carry no architecture name or context length, so beyond the magic this is
// a best guess: the hyperparameters are read in llama.cpp's LLaMA layout and reported as weak.

import { parseQuantization } from "@ml/naming";
import { ggufFileTypeToQuant } from "./gguf-file-type-to-quant.js";
import { IdentifyError } from "./identify-error.js";
import type { Evidence, Identification } from "./types.js";

const MAGIC_NAMES: Readonly<Record<string, string>> = {
  lmgg: "ggml",
  fmgg: "ggmf",
  tjgg: "ggjt",
  algg: "ggla",
};
const HPARAMS = ["nVocab", "nEmbd", "nMult", "nHead", "nLayer", "nRot", "ftype"] as const;
/** How many bytes of a file `identifyGgmlHead` reads. */
export const GGML_HEAD_BYTES = 8 + HPARAMS.length * 4;
// ggjt v3 stores ftype as GGML_QNT_VERSION * 1000 + ftype.
const QNT_VERSION_FACTOR = 1000;

function plausible(h: Record<(typeof HPARAMS)[number], number>): boolean {
  return (
    h.nVocab > 0 &&
    h.nVocab <= 1_000_000 &&
    h.nEmbd > 0 &&
    h.nEmbd <= 65_536 &&
    h.nHead > 0 &&
    h.nHead <= 1024 &&
    h.nLayer > 0 &&
    h.nLayer <= 1024
  );
}

/** Identifies a legacy GGML-family file from its first `GGML_HEAD_BYTES` bytes. */
export function identifyGgmlHead(head: Uint8Array, fileName: string): Identification {
  const magic = MAGIC_NAMES[String.fromCharCode(...head.subarray(0, 4))];
  if (magic === undefined) throw new IdentifyError("BAD_HEADER", "GGML: no GGML/GGMF/GGJT/GGLA magic");
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const versioned = magic !== "ggml";
  const start = versioned ? 8 : 4;
  const adapter = magic === "ggla";
  const needed = adapter ? 16 : start + HPARAMS.length * 4;
  if (head.length < needed)
    throw new IdentifyError("TRUNCATED", `GGML: file ends inside the ${magic} header`);
  const version = versioned ? view.getUint32(4, true) : null;
  const evidence: Evidence[] = [
    {
      source: "ggml:magic",
      detail: `legacy ${magic.toUpperCase()}${version === null ? "" : ` v${version}`} file (pre-GGUF llama.cpp format)`,
      strength: "strong",
    },
  ];
  const fields: Record<string, unknown> = { magic, version };
  let quantization: string | null = null;

  if (adapter) {
    fields.loraRank = view.getInt32(8, true);
    fields.loraAlpha = view.getInt32(12, true);
  } else {
    const h = Object.fromEntries(HPARAMS.map((k, i) => [k, view.getInt32(start + i * 4, true)])) as Record<
      (typeof HPARAMS)[number],
      number
    >;
    if (plausible(h)) {
      Object.assign(fields, h);
      quantization = ggufFileTypeToQuant(h.ftype % QNT_VERSION_FACTOR);
      evidence.push({
        source: "ggml:hparams",
        detail: `hyperparameters read in the LLaMA layout: ${h.nLayer} layers, width ${h.nEmbd}, file type ${quantization ?? h.ftype}`,
        strength: "weak",
      });
    }
  }
  const named = parseQuantization(fileName);
  if (named !== null) {
    evidence.push({ source: "name", detail: `file name says ${named}`, strength: "weak" });
    quantization ??= named;
  }
  return {
    format: "ggml",
    type: adapter ? "lora" : "llm",
    subtype: adapter ? "lora" : null,
    architecture: null,
    baseModel: null,
    quantization,
    parameterCount: null,
    contextLength: null,
    shards: null,
    unsafe: null,
    confidence: 0.4,
    evidence,
    fields,
  };
}
