import { describe, expect, it } from "vitest";
import { gitObjectSha1 } from "./git-object-sha1.js";
import { gitTreeOids } from "./git-tree-oids.js";
import { lfsPointer, lfsPointerInfo } from "./lfs-pointer.js";

describe("git objects", () => {
  it("hashes blobs as git does", () => {
    // `printf 'hello\n' | git hash-object --stdin`
    expect(gitObjectSha1("blob", Buffer.from("hello\n"))).toBe("ce013625030ba8dba906f756967f9e9ca394464a");
    // The empty tree every git knows.
    expect(gitObjectSha1("tree", new Uint8Array())).toBe("4b825dc642cb6eb9a060e54bf8d69288fbee4904");
  });

  it("gives the LFS pointer's blob id and size", () => {
    const sha = "a".repeat(64);
    const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${sha}\nsize 42\n`;
    expect(Buffer.from(lfsPointer(sha, 42)).toString()).toBe(pointer);
    expect(lfsPointerInfo(sha, 42)).toEqual({
      oid: gitObjectSha1("blob", Buffer.from(pointer)),
      size: pointer.length,
    });
  });

  it("hashes nested folders bottom-up", () => {
    const blob = gitObjectSha1("blob", Buffer.from("hello\n"));
    const oids = gitTreeOids(new Map([["sub/hello.txt", blob]]));
    const sub = gitObjectSha1(
      "tree",
      Buffer.concat([Buffer.from("100644 hello.txt\0"), Buffer.from(blob, "hex")]),
    );
    expect(oids.get("sub")).toBe(sub);
    expect(oids.get("")).toBe(
      gitObjectSha1("tree", Buffer.concat([Buffer.from("40000 sub\0"), Buffer.from(sub, "hex")])),
    );
  });
});
