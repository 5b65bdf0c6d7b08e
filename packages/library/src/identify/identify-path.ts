// The one entry point: a file, any member of a shard set (or its index.json), or a folder.
// Files are dispatched by their first bytes, never by extension; the name only breaks ties and
// is recorded as weak evidence.
import { stat } from "node:fs/promises";
import { basename, dirname, extname } from "node:path";
import { describeShardSet, parseShardName, type ShardSet } from "@ml/sharding";
import { blankIdentification } from "./blank-identification.js";
import { withFileSource } from "./byte-source.js";
import { identifyFolder } from "./folder-identify.js";
import { listFolder, setOf } from "./folder-listing.js";
import { identifyGguf } from "./gguf.js";
import { sniffGguf } from "./gguf-sniff.js";
import { IdentifyError } from "./identify-error.js";
import { identifyOnnx } from "./onnx-identify.js";
import { identifyPickle, looksLikePickleContainer } from "./pickle-identify.js";
import { SAFETENSORS_MAX_HEADER_LENGTH } from "./safetensors-header.js";
import { identifySafetensors } from "./safetensors-identify.js";
import { identifySafetensorsSet, shardInfo } from "./safetensors-identify-set.js";
import type { Identification } from "./types.js";

export interface IdentifyPathOptions {
  /** Identify only this file, not the shard set it belongs to. */
  singleFile?: boolean;
}

/** What the extension usually means, to note when the bytes say otherwise. */
const EXTENSION_FORMATS: Readonly<Record<string, string>> = {
  ".safetensors": "safetensors",
  ".gguf": "gguf",
  ".ckpt": "pickle",
  ".pt": "pickle",
  ".pth": "pickle",
  ".bin": "pickle",
  ".onnx": "onnx",
};

/**
 * Identifies a model file, shard set or folder from its bytes. Unknown files are a valid
 * answer (format and type "unknown", confidence 0). Throws `IdentifyError` naming the path when
 * it does not exist or a recognised format is corrupt (BAD_HEADER, TRUNCATED, ...).
 */
export async function identifyPath(path: string, options: IdentifyPathOptions = {}): Promise<Identification> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT" || error.code === "ENOTDIR")
      throw new IdentifyError("NOT_FOUND", "no such file or folder", path);
    throw error;
  });
  if (info.isDirectory()) return identifyFolder(path);
  if (!info.isFile()) throw new IdentifyError("NOT_FOUND", "not a regular file or folder", path);

  const name = basename(path);
  if (!options.singleFile && name.endsWith(".index.json")) {
    const set = setOf(await listFolder(dirname(path)), path);
    if (set) return noteName(await identifySetByIndex(set, options), name);
  }
  return noteName(await identifyFile(path, options), name);
}

async function identifyFile(path: string, options: IdentifyPathOptions): Promise<Identification> {
  const { head, size } = await withFileSource(path, async (source) => ({
    head: await source.read(0, 16),
    size: source.size,
  }));
  if (sniffGguf(head) !== null) return identifyGguf(path);
  if (looksLikeSafetensors(head, size)) {
    if (!options.singleFile && parseShardName(basename(path)) !== null) return identifySafetensorsShard(path);
    return identifySafetensors(path);
  }
  if (looksLikePickleContainer(head)) {
    const id = await withFileSource(path, (source) => identifyPickle(source, basename(path))).catch(
      (error) => {
        throw error instanceof IdentifyError ? error.withPath(path) : error;
      },
    );
    if (id) return id;
  }
  const onnx = await withFileSource(path, identifyOnnx);
  if (onnx) return onnx;
  const id = blankIdentification("unknown");
  id.evidence.push({
    source: "bytes",
    detail: "no known model format in the first bytes",
    strength: "strong",
  });
  id.fields.size = size;
  return id;
}

/** The header length is sane and the JSON header opens: safetensors (the parser is strict). */
function looksLikeSafetensors(head: Uint8Array, size: number): boolean {
  if (head.length < 10 || head[8] !== 0x7b) return false;
  const n = new DataView(head.buffer, head.byteOffset, 8).getBigUint64(0, true);
  // A truncated download still goes to the strict parser, which reports it as TRUNCATED.
  return (n >= 2n && n <= BigInt(Math.min(SAFETENSORS_MAX_HEADER_LENGTH, size - 8))) || head[9] === 0x22;
}

async function identifySafetensorsShard(path: string): Promise<Identification> {
  const listing = await listFolder(dirname(path));
  const set = setOf(listing, path);
  if (!set) return identifySafetensors(path);
  return identifySafetensorsSet(set, set.indexFile ? listing.indexes.get(set.indexFile) : undefined);
}

/** An index.json given for its set: identify the set through its first present member. */
async function identifySetByIndex(set: ShardSet, options: IdentifyPathOptions): Promise<Identification> {
  const member = set.files[0];
  if (member !== undefined) return identifyFile(member, options);
  const id = blankIdentification("unknown");
  id.shards = shardInfo(set);
  id.evidence.push({ source: "shards", detail: describeShardSet(set), strength: "strong" });
  return id;
}

/** Records the name as weak evidence, and says when the extension disagrees with the bytes. */
function noteName(id: Identification, name: string): Identification {
  const ext = extname(name).toLowerCase();
  const expected = EXTENSION_FORMATS[ext];
  // .bin is used by every format, so it says nothing.
  if (expected && ext !== ".bin" && id.format !== "unknown" && expected !== id.format) {
    id.evidence.push({
      source: "name",
      detail: `extension ${ext} usually means ${expected}, but the bytes are ${id.format}`,
      strength: "weak",
    });
  } else {
    id.evidence.push({ source: "name", detail: `file name ${JSON.stringify(name)}`, strength: "weak" });
  }
  return id;
}
