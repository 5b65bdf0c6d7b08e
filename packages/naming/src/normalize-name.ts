// Turns any string (a model name, a repo id, a file name from the internet) into one folder or
// file name that NTFS, ext4 and APFS all accept and that cannot climb out of its parent.

const MAX_BYTES = 120;
const FALLBACK = "unnamed";

// Reserved by NTFS/Windows anywhere in a name, plus C0/C1 controls and bidi overrides
// (a name that renders differently from its bytes is a spoofing hazard).
const FORBIDDEN = /[<>:"/\\|?*\p{Cc}\u202A-\u202E\u2066-\u2069]+/gu;
// Windows refuses these as a name's stem whatever the extension ("nul.gguf" too); the
// superscript digits are reserved as well.
const RESERVED_STEM = /^(?:CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])$/i;
const EDGE = /^[\s.]+|[\s.]+$/gu;
// Extensions kept whole when the stem has to be cut: short and alphanumeric ("gguf", "safetensors").
const EXTENSION = /\.[A-Za-z0-9]{1,12}$/;
const SEPARATOR = /[\s\-_.]/u;

const encoder = new TextEncoder();
const byteLength = (s: string): number => encoder.encode(s).length;

/** Cuts `s` to at most `maxBytes` UTF-8 bytes, at a separator when one is in the last third. */
function cut(s: string, maxBytes: number): string {
  if (byteLength(s) <= maxBytes) return s;
  let kept = "";
  let bytes = 0;
  for (const ch of s) {
    const size = byteLength(ch);
    if (bytes + size > maxBytes) break;
    kept += ch;
    bytes += size;
  }
  const chars = [...kept];
  for (let i = chars.length - 1; i >= Math.floor((chars.length * 2) / 3); i--) {
    if (SEPARATOR.test(chars[i] ?? "")) return chars.slice(0, i).join("");
  }
  return kept;
}

const tidy = (s: string): string =>
  s.normalize("NFC").replace(/\s+/gu, " ").replace(FORBIDDEN, "-").replace(EDGE, "");

function capLength(name: string): string {
  if (byteLength(name) <= MAX_BYTES) return name;
  const ext = EXTENSION.exec(name)?.[0] ?? "";
  const stem = tidy(
    cut(name.slice(0, name.length - ext.length), MAX_BYTES - byteLength(ext)).replace(/[\s\-_.]+$/u, ""),
  );
  return stem === "" ? FALLBACK + ext : stem + ext;
}

function avoidDeviceName(name: string): string {
  const dot = name.indexOf(".");
  const stem = (dot === -1 ? name : name.slice(0, dot)).trimEnd();
  return RESERVED_STEM.test(stem) ? `${stem}_${dot === -1 ? "" : name.slice(dot)}` : name;
}

/**
 * A name safe on NTFS, ext4 and APFS: NFC, no `<>:"/\|?*` or control characters, no leading or
 * trailing dot or space (so no ".", ".." or hidden names), no Windows device name (also with an
 * extension), at most 120 UTF-8 bytes (cut at a separator, keeping a short extension), never empty.
 */
export function normalizeName(input: string): string {
  const name = tidy(input);
  if (name === "") return FALLBACK;
  // Cutting can expose a device name ("CON-x.gguf" → "CON.gguf"), and fixing one adds a byte.
  return capLength(avoidDeviceName(capLength(name)));
}
