import { join } from "node:path";
import { normalizeName } from "@ml/naming";
import type { ModelType } from "../identify/types.js";
import { pathExists } from "./path-exists.js";

/** The folder a model's type and identification point to: normalized architecture, else base model, else "unknown". */
export function modelFamily(architecture: string | null, baseModel: string | null): string {
  const family = architecture ?? baseModel;
  return family ? normalizeName(family.toLowerCase()) : "unknown";
}

/**
 * A free folder `<root>/<type>/<family>/<name>` for a new model; `-2`, `-3` ... appended on
 * collision. Called under the library lock, so nobody takes it before the commit rename.
 */
export async function chooseModelFolder(
  root: string,
  type: ModelType,
  family: string,
  name: string,
): Promise<string> {
  const parent = join(root, type, family);
  const base = normalizeName(name);
  if (!(await pathExists(join(parent, base)))) return join(parent, base);
  // Room for the suffix, so normalizeName's length cap never cuts it off.
  const stem = cutToBytes(base, 100);
  for (let n = 2; ; n++) {
    const candidate = join(parent, normalizeName(`${stem}-${n}`));
    if (!(await pathExists(candidate))) return candidate;
  }
}

function cutToBytes(s: string, maxBytes: number): string {
  let out = "";
  let bytes = 0;
  for (const ch of s) {
    bytes += Buffer.byteLength(ch);
    if (bytes > maxBytes) break;
    out += ch;
  }
  return out;
}
