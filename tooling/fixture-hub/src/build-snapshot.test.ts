import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildSnapshot } from "./build-snapshot.js";
import { normalizeRepo } from "./normalize-repo.js";
import type { FixtureRepo } from "./types.js";

const MIB = 1024 * 1024;
const snapshot = (repo: Omit<FixtureRepo, "id">, threshold = 10 * MIB) =>
  buildSnapshot(normalizeRepo({ id: "org/repo", ...repo }), threshold);

describe("buildSnapshot", () => {
  // Expected ids come from `git hash-object`, `git write-tree` and `git hash-object -t commit`
  // run on the same files (an LFS file is committed as its pointer).
  it("derives blob, tree and commit ids as git does", () => {
    const s = snapshot({
      files: { "a.txt": "hello\n", "sub/dir/c.json": '{"x":1}', "model.safetensors": "abcd" },
    });
    expect(s.files.get("a.txt")).toMatchObject({
      lfs: false,
      oid: "ce013625030ba8dba906f756967f9e9ca394464a",
    });
    expect(s.files.get("a.txt")?.etag).toBe("ce013625030ba8dba906f756967f9e9ca394464a");
    expect(s.files.get("sub/dir/c.json")?.oid).toBe("9758f8161c9652d953d109cac63c71047844cf17");
    const lfs = s.files.get("model.safetensors");
    expect(lfs).toMatchObject({
      lfs: true,
      size: 4,
      sha256: "88d4266fd4e6338d13b845fcf289579d209c897823b9217da3e161936f031589",
      etag: "88d4266fd4e6338d13b845fcf289579d209c897823b9217da3e161936f031589",
      oid: "daa86670305955ff1db3130822a567dfc70e751c",
    });
    expect(lfs?.pointer?.byteLength).toBe(126);
    expect(s.dirs.get("")).toBe("2fb7f5e855ca95ee515a7d1debb14887ea60c7d9");
    expect(s.dirs.get("sub")).toBe("8126fa5b70c1ac6c77c795a28a90519e3ff7112a");
    expect(s.dirs.get("sub/dir")).toBe("56c8af3f736cc7fa78b3177d2716fe0ec1be8a7f");
    expect(s.commit).toBe("329dd85fb6f02aa9d6d634331ef939c65e786bea");
    expect(s.info).toMatchObject({
      id: "org/repo",
      type: "model",
      revision: "main",
      cacheFolder: "models--org--repo",
    });
  });

  it("gives a different commit for different content and keeps a given one", () => {
    const a = snapshot({ files: { "a.txt": "1" } }).commit;
    expect(snapshot({ files: { "a.txt": "1" } }).commit).toBe(a);
    expect(snapshot({ files: { "a.txt": "2" } }).commit).not.toBe(a);
    expect(snapshot({ files: {}, commit: "f".repeat(40) }).commit).toBe("f".repeat(40));
  });

  it("decides LFS by extension, size threshold and per-file override", () => {
    const s = snapshot(
      {
        files: {
          "w.gguf": "x",
          "W.BIN": "x",
          "config.json": "{}",
          "big.txt": "0123456789",
          "small.safetensors": { content: "x", lfs: false },
          "forced.md": { content: "x", lfs: true },
        },
      },
      10,
    );
    const lfs = Object.fromEntries([...s.files].map(([path, f]) => [path, f.lfs]));
    expect(lfs).toEqual({
      "w.gguf": true,
      "W.BIN": true,
      "config.json": false,
      "big.txt": true,
      "small.safetensors": false,
      "forced.md": true,
    });
  });

  it("hashes a synthetic file like the same bytes in memory, and trusts a given sha256", () => {
    const bytes = new Uint8Array(3 * MIB + 5).fill(9);
    const s = snapshot({
      files: { "a.bin": { size: bytes.byteLength, fill: 9 }, "b.bin": bytes, "c.txt": { size: 3, fill: 65 } },
    });
    expect(s.files.get("a.bin")?.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(s.files.get("a.bin")?.oid).toBe(s.files.get("b.bin")?.oid);
    expect(s.files.get("c.txt")?.oid).toBe(snapshot({ files: { "c.txt": "AAA" } }).files.get("c.txt")?.oid);
    const claimed = "ab".repeat(32);
    expect(
      snapshot({ files: { "d.bin": { size: 1 << 30, sha256: claimed } } }).files.get("d.bin")?.etag,
    ).toBe(claimed);
  });

  it("takes the commit date from info.lastModified", () => {
    const s = snapshot({ files: {}, info: { lastModified: "2023-05-06T07:08:09Z" } });
    expect(s.date).toBe("2023-05-06T07:08:09.000Z");
  });
});
