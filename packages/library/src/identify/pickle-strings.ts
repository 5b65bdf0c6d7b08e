// Reads string constants out of pickle bytes WITHOUT unpickling: a byte scan for the opcodes that
// carry text (BINUNICODE, SHORT_BINUNICODE, BINSTRING, SHORT_BINSTRING) and for GLOBAL lines.
// Nothing is evaluated or imported, so a hostile pickle can at worst produce junk strings, which
// the key-signature matcher ignores. This is how a .ckpt's tensor names are seen safely.

export interface PickleStrings {
  /** Distinct strings that look like tensor names (identifier characters and dots). */
  names: string[];
  /** Storage classes named by GLOBAL opcodes (`torch HalfStorage` → "HalfStorage"). */
  storageTypes: string[];
}

const NAME = /^[A-Za-z_][\w.-]{1,200}$/;
const GLOBAL_STORAGE = /ctorch\n(\w+Storage)\n/g;

export function scanPickleStrings(bytes: Uint8Array, maxNames = 200_000): PickleStrings {
  const names = new Set<string>();
  const decoder = new TextDecoder("utf-8", { fatal: false });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let i = 0;
  while (i < bytes.length && names.size < maxNames) {
    const op = bytes[i];
    let start = -1;
    let length = 0;
    if ((op === 0x8c || op === 0x55) && i + 1 < bytes.length) {
      // SHORT_BINUNICODE / SHORT_BINSTRING: 1-byte length.
      length = bytes[i + 1] as number;
      start = i + 2;
    } else if ((op === 0x58 || op === 0x54) && i + 4 < bytes.length) {
      // BINUNICODE / BINSTRING: 4-byte length; tensor names are short.
      length = view.getUint32(i + 1, true);
      start = i + 5;
    }
    if (start >= 0 && length > 0 && length <= 256 && start + length <= bytes.length) {
      const text = decoder.decode(bytes.subarray(start, start + length));
      if (NAME.test(text)) {
        names.add(text);
        i = start + length;
        continue;
      }
    }
    i += 1;
  }
  const storageTypes = new Set<string>();
  const ascii = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  for (const m of ascii.matchAll(GLOBAL_STORAGE)) {
    if (m[1]) storageTypes.add(m[1]);
    if (storageTypes.size > 32) break;
  }
  return { names: [...names], storageTypes: [...storageTypes] };
}
