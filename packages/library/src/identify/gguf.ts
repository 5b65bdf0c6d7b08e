import path from "node:path";
import { parseShardName } from "@ml/sharding";
import { type ByteSource, withFileSource } from "./byte-source.js";
import { GGML_HEAD_BYTES, identifyGgmlHead } from "./ggml.js";
import { describeGguf } from "./gguf-describe.js";
import { type GgufHeader, readGgufHeader } from "./gguf-header.js";
import { sniffGguf } from "./gguf-sniff.js";
import { IdentifyError } from "./identify-error.js";
import type { Evidence, Identification, ShardInfo } from "./types.js";

/** Reads the header of another shard of a split set, by path. */
export type GgufShardReader = (shardPath: string) => Promise<GgufHeader>;

/** llama.cpp writes shard numbers with five digits. */
const MAX_SHARDS = 99_999;

const readShardFromDisk: GgufShardReader = (shardPath) => withFileSource(shardPath, readGgufHeader);

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === "ENOENT";
}

function splitField(header: GgufHeader, key: string): number | null {
  const v = header.metadata.get(key);
  const n = typeof v === "number" || typeof v === "bigint" ? Number(v) : Number.NaN;
  return Number.isSafeInteger(n) ? n : null;
}

/**
 * llama.cpp's gguf-split names shards `<prefix>-%05d-of-%05d.gguf` and keeps the model's
 * metadata in the first one only, so a set is read as a whole: every shard's header for the
 * tensors, shard 1's for everything else. Shards that are absent, unreadable or belong to
 * another set are listed as missing.
 */
async function assembleSplit(
  header: GgufHeader,
  filePath: string,
  count: number,
  readShard: GgufShardReader,
): Promise<{ primary: GgufHeader; parts: GgufHeader[]; shards: ShardInfo; evidence: Evidence[] }> {
  const evidence: Evidence[] = [];
  const self = (splitField(header, "split.no") ?? 0) + 1;
  if (count > MAX_SHARDS || self < 1 || self > count) {
    throw new IdentifyError(
      "BAD_HEADER",
      `GGUF: split.no ${self - 1} / split.count ${count} is not a valid shard`,
    );
  }
  const leaf = path.basename(filePath);
  const parsed = parseShardName(leaf);
  const render = (i: number) => {
    const base = parsed?.base ?? "";
    return `${base}-${String(i).padStart(5, "0")}-of-${String(count).padStart(5, "0")}.gguf`;
  };
  const named = parsed !== null && render(self) === leaf;
  const files = Array.from({ length: count }, (_, i) =>
    i + 1 === self ? filePath : named ? path.join(path.dirname(filePath), render(i + 1)) : "",
  );
  const present = new Map<number, GgufHeader>([[self, header]]);
  if (!named) {
    evidence.push({
      source: "gguf:split.count",
      detail: `shard ${self} of ${count}, but the file name does not follow llama.cpp's -0000N-of-0000M.gguf, so the other shards cannot be found`,
      strength: "medium",
    });
  } else {
    for (let i = 1; i <= count; i++) {
      const shardPath = files[i - 1] ?? "";
      if (i === self) continue;
      try {
        const other = await readShard(shardPath);
        if (splitField(other, "split.no") === i - 1 && splitField(other, "split.count") === count) {
          present.set(i, other);
        } else {
          evidence.push({
            source: "gguf:split.no",
            detail: `${path.basename(shardPath)} is not shard ${i} of ${count}`,
            strength: "strong",
          });
        }
      } catch (error) {
        if (!(error instanceof IdentifyError) && !isMissing(error)) throw error;
        if (error instanceof IdentifyError && error.code !== "NOT_FOUND") {
          evidence.push({
            source: "gguf:split",
            detail: `shard ${i} unreadable: ${error.message}`,
            strength: "strong",
          });
        }
      }
    }
  }
  const missing = files.flatMap((_, i) => (present.has(i + 1) ? [] : [i + 1]));
  const parts = [...present.entries()].sort((a, b) => a[0] - b[0]).map(([, h]) => h);
  const primary = present.get(1) ?? header;
  if (missing.length > 0) {
    evidence.push({
      source: "gguf:split.count",
      detail: `split set of ${count}, shard${missing.length > 1 ? "s" : ""} ${missing.join(", ")} missing: parameter count unknown${present.has(1) ? "" : "; the model's metadata lives in shard 1"}`,
      strength: "strong",
    });
  } else {
    const declared = splitField(primary, "split.tensors.count");
    const held = parts.reduce((n, p) => n + p.tensors.length, 0);
    evidence.push({
      source: "gguf:split.count",
      detail:
        declared === null || declared === held
          ? `complete split set of ${count} shards`
          : `complete split set of ${count} shards, but split.tensors.count says ${declared} tensors and the shards hold ${held}`,
      strength: "strong",
    });
  }
  return {
    primary,
    parts,
    shards: { files: files.filter((f) => f !== ""), total: count, complete: missing.length === 0, missing },
    evidence,
  };
}

/**
 * Identifies GGUF (or legacy GGML) bytes. `filePath` names the file for evidence and for finding
 * the other shards of a split set, which `readShard` reads. Exported for tests and fuzzing over
 * buffers; callers use `identifyGguf`.
 */
export async function identifyGgufSource(
  source: ByteSource,
  filePath: string,
  readShard: GgufShardReader = readShardFromDisk,
): Promise<Identification> {
  const head = await source.read(0, Math.min(source.size, GGML_HEAD_BYTES));
  const family = sniffGguf(head);
  if (family === "ggml") return identifyGgmlHead(head, path.basename(filePath));
  if (family === null) throw new IdentifyError("BAD_HEADER", "not a GGUF file (no GGUF magic)");
  const header = await readGgufHeader(source);
  const count = splitField(header, "split.count");
  const split =
    count !== null && count > 1
      ? await assembleSplit(header, filePath, count, readShard)
      : { primary: header, parts: [header], shards: null, evidence: [] };
  return describeGguf({ ...split, fileName: path.basename(filePath) });
}

/**
 * Identifies a GGUF file from its header (and, for a split set, its siblings' headers): reads
 * at most the header, never the weights. Legacy GGML/GGJT files are recognised by their magic.
 * Throws IdentifyError (code NOT_FOUND, BAD_HEADER, TRUNCATED, HEADER_TOO_LARGE) naming the file.
 */
export async function identifyGguf(filePath: string): Promise<Identification> {
  try {
    return await withFileSource(filePath, (source) => identifyGgufSource(source, filePath));
  } catch (error) {
    if (error instanceof IdentifyError) throw error.withPath(filePath);
    if (isMissing(error)) throw new IdentifyError("NOT_FOUND", "no such file", filePath);
    throw error;
  }
}
