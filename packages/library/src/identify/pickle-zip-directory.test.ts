import { describe, expect, it } from "vitest";
import { buildStoredZip } from "../test-utils/zip-writer.js";
import { bufferSource } from "./byte-source.js";
import { readStoredEntry, readZipDirectory } from "./pickle-zip-directory.js";

const entries = [
  { name: "archive/data.pkl", data: Buffer.from("pickle") },
  { name: "archive/data/0", data: new Uint8Array(64) },
];

describe("readZipDirectory", () => {
  it.each([false, true])("lists names and sizes (zip64 %s) and reads a stored entry", async (zip64) => {
    const zip = buildStoredZip(entries, { zip64 });
    const dir = await readZipDirectory(bufferSource(zip));
    expect(dir.totalEntries).toBe(2);
    expect(dir.entries.map((e) => [e.name, e.size, e.method])).toEqual([
      ["archive/data.pkl", 6, 0],
      ["archive/data/0", 64, 0],
    ]);
    const pkl = dir.entries[0];
    if (!pkl) throw new Error("no entry");
    expect(Buffer.from((await readStoredEntry(bufferSource(zip), pkl, 1024)) ?? []).toString()).toBe(
      "pickle",
    );
    expect(await readStoredEntry(bufferSource(zip), pkl, 5)).toBeNull();
  });

  it("rejects a file with no end record", async () => {
    await expect(
      readZipDirectory(bufferSource(Buffer.from("PK\x03\x04 not really a zip"))),
    ).rejects.toMatchObject({ code: "BAD_ZIP" });
  });

  it("rejects an entry count that cannot fit in the directory", async () => {
    const zip = buildStoredZip(entries);
    zip.writeUInt16LE(0xfffe, zip.length - 22 + 10);
    await expect(readZipDirectory(bufferSource(zip))).rejects.toMatchObject({
      code: "BAD_ZIP",
      message: expect.stringContaining("cannot fit"),
    });
  });

  it("rejects a zip64 directory claiming 2^60 bytes without reading it", async () => {
    const zip = buildStoredZip(entries, { zip64: true });
    const record = zip.length - 22 - 20 - 56;
    zip.writeBigUInt64LE(2n ** 60n, record + 40);
    await expect(readZipDirectory(bufferSource(zip))).rejects.toMatchObject({ code: "HEADER_TOO_LARGE" });
  });

  it("rejects a directory past the end of the file", async () => {
    const zip = buildStoredZip(entries);
    zip.writeUInt32LE(0x7fffffff, zip.length - 22 + 16);
    await expect(readZipDirectory(bufferSource(zip))).rejects.toMatchObject({ code: "BAD_ZIP" });
  });
});
