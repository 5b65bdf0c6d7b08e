// Pickle-based checkpoints (.ckpt, .pt, .pth, .bin): a PyTorch zip archive or a raw pickle.
// Loading them runs code, so they are flagged unsafe and NEVER unpickled. What is read: the zip
// directory (names and sizes of the storages), and string constants of data.pkl (tensor names)
// by a plain byte scan. No shapes, so confidence stays low.
import { blankIdentification } from "./blank-identification.js";
import type { ByteSource } from "./byte-source.js";
import { scanPickleStrings } from "./pickle-strings.js";
import { readStoredEntry, readZipDirectory, type ZipDirectory } from "./pickle-zip-directory.js";
import { matchSignatures } from "./signatures/match-signatures.js";
import { readNameHints } from "./signatures/name-hints.js";
import type { Identification } from "./types.js";

/** Largest data.pkl scanned for names; Stable Diffusion's is well under 1 MiB. */
const MAX_PICKLE_SCAN = 64 * 1024 * 1024;
/** Bytes of a raw (non-zip) pickle scanned; its tensor names come before the storages. */
const RAW_PICKLE_SCAN = 16 * 1024 * 1024;
/** Structure-only answers from a pickle stay low: names without shapes. */
const MAX_CONFIDENCE = 0.45;

/** Storage class → dtype label and bytes per element. */
const STORAGE_TYPES: Readonly<Record<string, [label: string, bytes: number]>> = {
  FloatStorage: ["F32", 4],
  HalfStorage: ["F16", 2],
  BFloat16Storage: ["BF16", 2],
  DoubleStorage: ["F64", 8],
  LongStorage: ["I64", 8],
  IntStorage: ["I32", 4],
  ShortStorage: ["I16", 2],
  CharStorage: ["INT8", 1],
  ByteStorage: ["U8", 1],
  BoolStorage: ["BOOL", 1],
};

/** Legacy torch.save files start with this pickled magic number (protocol 2, LONG1 of 10 bytes). */
const LEGACY_TORCH_MAGIC = Uint8Array.from([
  0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19,
]);

/** True when the first bytes are a zip local header or a pickle PROTO opcode (protocol 2-5). */
export function looksLikePickleContainer(head: Uint8Array): "zip" | "pickle" | null {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return "zip";
  if (head[0] === 0x80 && head[1] !== undefined && head[1] >= 2 && head[1] <= 5) return "pickle";
  return null;
}

/**
 * Identifies a PyTorch zip archive or raw pickle; null when the bytes are neither (a zip with
 * no data.pkl is not a PyTorch checkpoint). Throws `IdentifyError` for a zip whose directory is
 * corrupt.
 */
export async function identifyPickle(source: ByteSource, fileName: string): Promise<Identification | null> {
  const head = await source.read(0, 16);
  const kind = looksLikePickleContainer(head);
  if (kind === null) return null;
  const id = blankIdentification("pickle");
  id.unsafe = "pickle";
  let scanned: Uint8Array | null = null;
  let storageBytes: number | null = null;

  if (kind === "zip") {
    const directory = await readZipDirectory(source);
    const pkl = directory.entries.find((e) => e.name === "data.pkl" || e.name.endsWith("/data.pkl"));
    if (!pkl) return null;
    const storages = directory.entries.filter((e) => /(^|\/)data\/\d+$/.test(e.name));
    storageBytes = storages.reduce((sum, e) => sum + e.size, 0);
    id.evidence.push({
      source: "zip:directory",
      detail: `PyTorch zip archive: ${pkl.name} and ${storages.length} tensor storages (${storageBytes} bytes)`,
      strength: "strong",
    });
    if (isTorchScript(directory)) {
      id.evidence.push({
        source: "zip:directory",
        detail: "TorchScript archive (code/ and constants.pkl)",
        strength: "strong",
      });
      id.fields.torchscript = true;
    }
    id.fields.zipEntries = directory.totalEntries;
    id.fields.storageCount = storages.length;
    id.fields.storageBytes = storageBytes;
    scanned = await readStoredEntry(source, pkl, MAX_PICKLE_SCAN);
  } else {
    const legacy = LEGACY_TORCH_MAGIC.every((b, i) => head[i] === b);
    id.evidence.push({
      source: "pickle:header",
      detail: legacy
        ? "legacy torch.save file (pickle protocol 2 with the torch magic number)"
        : `raw pickle, protocol ${head[1]}`,
      strength: "strong",
    });
    scanned = await source.read(0, Math.min(source.size, RAW_PICKLE_SCAN));
  }
  id.evidence.push({
    source: "pickle",
    detail: "pickle: loading it runs arbitrary code; it was never unpickled here, only its bytes listed",
    strength: "strong",
  });

  const strings = scanned ? scanPickleStrings(scanned) : { names: [], storageTypes: [] };
  const match = matchSignatures(
    strings.names.map((name) => ({ name, shape: null })),
    "pickle",
  );
  if (match.signature) {
    id.type = match.type;
    id.subtype = match.subtype;
    id.architecture = match.architecture;
    id.baseModel = match.baseModel;
    id.confidence = Math.min(MAX_CONFIDENCE, match.confidence);
    id.evidence.push(
      ...match.evidence.map((e) => ({
        ...e,
        strength: e.strength === "strong" ? ("medium" as const) : e.strength,
      })),
    );
    id.fields.signature = match.signature;
    if (match.packaging) id.fields.packaging = match.packaging;
    Object.assign(id.fields, match.extra);
  }
  applyNameHints(id, fileName, match.baseCandidates);
  applyStorageTypes(
    id,
    [...strings.storageTypes, ...strings.names.filter((n) => Object.hasOwn(STORAGE_TYPES, n))],
    storageBytes,
  );
  id.fields.pickleNames = strings.names.length;
  return id;
}

function isTorchScript(directory: ZipDirectory): boolean {
  return (
    directory.entries.some((e) => e.name.endsWith("/constants.pkl")) &&
    directory.entries.some((e) => e.name.includes("/code/"))
  );
}

/** The name guesses a type only when the bytes gave none, and a base only among candidates. */
function applyNameHints(id: Identification, fileName: string, candidates: string[]): void {
  const hints = readNameHints(fileName);
  if (id.type === "unknown" && hints.types[0]) {
    id.type = hints.types[0];
    id.confidence = 0.2;
    id.evidence.push({
      source: "name",
      detail: `file name ${JSON.stringify(fileName)} suggests ${hints.types[0]}`,
      strength: "weak",
    });
  }
  const named = hints.baseModels.filter((b) => candidates.length === 0 || candidates.includes(b));
  if (id.baseModel === null && named.length === 1 && named[0] && id.type !== "unknown") {
    id.baseModel = named[0];
    id.evidence.push({
      source: "name",
      detail: `file name ${JSON.stringify(fileName)} suggests ${named[0]}`,
      strength: "weak",
    });
  }
}

/** One storage dtype → precision label, and parameters = storage bytes / element size. */
function applyStorageTypes(id: Identification, storageTypes: string[], storageBytes: number | null): void {
  const types = [...new Set(storageTypes)].filter((t) => Object.hasOwn(STORAGE_TYPES, t));
  if (types.length === 0) return;
  id.fields.storageTypes = types;
  const floats = types.filter(
    (t) => !["LongStorage", "IntStorage", "ShortStorage", "BoolStorage", "ByteStorage"].includes(t),
  );
  if (floats.length !== 1 || !floats[0]) {
    id.evidence.push({
      source: "pickle:globals",
      detail: `storage types ${types.join(", ")}: precision mixed`,
      strength: "medium",
    });
    return;
  }
  const [label, bytes] = STORAGE_TYPES[floats[0]] as [string, number];
  id.quantization = label;
  id.evidence.push({
    source: "pickle:globals",
    detail: `tensors stored as ${floats[0]} (${label})`,
    strength: "medium",
  });
  if (storageBytes !== null && types.length === 1) {
    id.parameterCount = Math.floor(storageBytes / bytes);
    id.evidence.push({
      source: "zip:directory",
      detail: `${storageBytes} storage bytes / ${bytes} bytes per ${label} element`,
      strength: "medium",
    });
  }
}
