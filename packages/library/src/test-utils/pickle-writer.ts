// Pickle bytes for tests, written opcode by opcode: a protocol-2 dict {name: storage-ish} as
// torch.save lays out a state dict, with the storage class as a GLOBAL. Only ever scanned as
// bytes by the code under test, never unpickled.

/** `{name: torch.<storageType>, ...}` as pickle protocol 2. */
export function buildStateDictPickle(names: readonly string[], storageType = "HalfStorage"): Buffer {
  const parts: Buffer[] = [Buffer.from([0x80, 0x02, 0x7d, 0x28])]; // PROTO 2, EMPTY_DICT, MARK
  parts.push(Buffer.from(`ctorch\n${storageType}\nq\x00`, "latin1")); // GLOBAL, BINPUT 0
  parts.push(Buffer.from([0x30])); // POP: the memo keeps it, as torch's persistent ids do
  for (const name of names) {
    const text = Buffer.from(name, "utf8");
    const op = Buffer.alloc(5);
    op[0] = 0x58; // BINUNICODE
    op.writeUInt32LE(text.length, 1);
    parts.push(op, text, Buffer.from([0x68, 0x00])); // BINGET 0
  }
  parts.push(Buffer.from([0x75, 0x2e])); // SETITEMS, STOP
  return Buffer.concat(parts);
}

/** The legacy torch.save prefix: protocol 2 and the pickled magic number. */
export const LEGACY_TORCH_PREFIX = Buffer.from([
  0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e,
]);
