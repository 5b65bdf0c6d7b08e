import { MAX_NAME_LENGTH } from "./limits.js";

/**
 * How a shard name is numbered. Files of one set share a scheme:
 * - `of`: `name-00001-of-00005.ext` (HF safetensors/bin shards, llama.cpp gguf-split)
 * - `part`: `name.ext.part1`, `name.ext.part1of3`, `name.ext.part1-of-3`
 * - `letters`: `name.ext.partaa`, `name.ext.partab` (what `split` writes)
 * - `dot`: `name.ext.001` (7-Zip and HJSplit volumes)
 * - `split`: `name.gguf-split-a` (early large GGUF uploads)
 */
export type ShardScheme = "of" | "part" | "letters" | "dot" | "split";

export interface ShardNameMatch {
  /** The unsharded name without its extension. */
  base: string;
  /** Extension of the unsharded name without the leading dot ("" if none). */
  ext: string;
  /** The index as written (letters count from 1: `aa` is 1). */
  index: number;
  /** The total the name states, or null when it states none. */
  total: number | null;
  kind: "numbered" | "part";
  scheme: ShardScheme;
  /** The name the joined file would have: `model.safetensors`, `model.gguf`. */
  unshardedName: string;
  /** Writes the name of shard `index` of the same set, keeping this name's padding and case. */
  render(index: number): string;
}

// Bounded repeats keep these linear on hostile names: one pass over split points, constant work each.
const OF = /^(.+)-(\d{1,15})(-of-)(\d{1,15})((?:\.[a-z][a-z0-9_]{0,31}){1,3})$/i;
const PART = /^(.+)(\.part)(\d{1,15})(?:(-?of-?)(\d{1,15}))?$/i;
const LETTERS = /^(.+\.[a-z][a-z0-9_]{0,31})(\.part)([a-z]{2,3})$/i;
const DOT = /^(.+\.[a-z][a-z0-9_]{0,31})\.(\d{3})$/i;
const SPLIT = /^(.+\.[a-z][a-z0-9_]{0,31})(-split-)([a-z])$/i;

/** Recognises a shard file name (no folder); null when the name is not one. */
export function matchShardName(name: string): ShardNameMatch | null {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) return null;
  let m = PART.exec(name);
  if (m) {
    const [, logical = "", part = "", digits = "", of, totalText] = m;
    const width = digits.length;
    const suffix = of !== undefined && totalText !== undefined ? of + totalText : "";
    return logicalMatch(
      logical,
      Number(digits),
      totalText === undefined ? null : Number(totalText),
      "part",
      (i) => logical + part + pad(i, width) + suffix,
    );
  }
  m = LETTERS.exec(name);
  if (m) {
    const [, logical = "", part = "", letters = ""] = m;
    const upper = letters !== letters.toLowerCase();
    return logicalMatch(
      logical,
      lettersToIndex(letters),
      null,
      "letters",
      (i) => logical + part + indexToLetters(i, letters.length, upper),
    );
  }
  m = DOT.exec(name);
  if (m) {
    const [, logical = "", digits = ""] = m;
    return logicalMatch(logical, Number(digits), null, "dot", (i) => `${logical}.${pad(i, digits.length)}`);
  }
  m = SPLIT.exec(name);
  if (m) {
    const [, logical = "", split = "", letter = ""] = m;
    const upper = letter !== letter.toLowerCase();
    return logicalMatch(
      logical,
      lettersToIndex(letter),
      null,
      "split",
      (i) => logical + split + indexToLetters(i, 1, upper),
    );
  }
  m = OF.exec(name);
  if (m) {
    const [, base = "", digits = "", of = "", totalText = "", dottedExt = ""] = m;
    const ext = dottedExt.slice(1);
    return {
      base,
      ext,
      index: Number(digits),
      total: Number(totalText),
      kind: "numbered",
      scheme: "of",
      unshardedName: `${base}.${ext}`,
      render: (i) => `${base}-${pad(i, digits.length)}${of}${totalText}${dottedExt}`,
    };
  }
  return null;
}

function logicalMatch(
  logical: string,
  index: number,
  total: number | null,
  scheme: ShardScheme,
  render: (index: number) => string,
): ShardNameMatch {
  const dot = logical.lastIndexOf(".");
  const hasExt = dot > 0 && dot < logical.length - 1;
  return {
    base: hasExt ? logical.slice(0, dot) : logical,
    ext: hasExt ? logical.slice(dot + 1) : "",
    index,
    total,
    kind: "part",
    scheme,
    unshardedName: logical,
    render,
  };
}

function pad(index: number, width: number): string {
  return String(index).padStart(width, "0");
}

/** `aa` → 1, `ab` → 2, `ba` → 27: the order `split` names its pieces. */
function lettersToIndex(letters: string): number {
  let value = 0;
  for (const ch of letters.toLowerCase()) value = value * 26 + (ch.charCodeAt(0) - 97);
  return value + 1;
}

function indexToLetters(index: number, width: number, upper: boolean): string {
  let value = index - 1;
  let out = "";
  do {
    out = String.fromCharCode(97 + (value % 26)) + out;
    value = Math.floor(value / 26);
  } while (value > 0);
  out = out.padStart(width, "a");
  return upper ? out.toUpperCase() : out;
}
