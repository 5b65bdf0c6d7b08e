import { execFileSync } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkCacheFile } from "./check-cache-file.js";
import { IntegrityError } from "./integrity-error.js";
import {
  blobPath,
  buildCacheFixture,
  type CacheFixture,
  entryPath,
  MODEL_FOLDER,
} from "./test-utils/hub-cache.js";

let fixture: CacheFixture;
beforeAll(async () => {
  fixture = await buildCacheFixture();
});
afterAll(() => fixture.close());

const entry = (cache: string, file: string) => entryPath(cache, MODEL_FOLDER, fixture.v2, file);

describe("checkCacheFile", () => {
  it("passes sound links: LFS, small, in a subfolder, and a legitimately empty file", async () => {
    const cache = fixture.template;
    const lfs = await checkCacheFile(entry(cache, "model.safetensors"));
    expect(lfs).toMatchObject({
      status: "verified",
      size: 48_000,
      blobPath: await blobPath(cache, MODEL_FOLDER, fixture.v2, "model.safetensors"),
    });
    expect(lfs.blob).toMatch(/^[0-9a-f]{64}$/);
    expect(lfs.problem).toBeUndefined();
    expect((await checkCacheFile(entry(cache, "config.json"))).blob).toMatch(/^[0-9a-f]{40}$/);
    expect((await checkCacheFile(entry(cache, "sub/dir/x.safetensors"))).status).toBe("verified");
    expect(await checkCacheFile(entry(cache, "empty.txt"))).toMatchObject({
      status: "verified",
      size: 0,
      blob: "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391",
    });
  });

  it("reports a link whose blob was deleted as dangling, naming the blob", async () => {
    const cache = await fixture.copyCache();
    const blob = await blobPath(cache, MODEL_FOLDER, fixture.v2, "model.safetensors");
    await fs.rm(blob);
    expect(await checkCacheFile(entry(cache, "model.safetensors"))).toMatchObject({
      status: "corrupt",
      problem: "dangling",
      blob: path.basename(blob),
      blobPath: null,
    });
  });

  it("reports a symlink loop as corrupt without hanging", async () => {
    const cache = await fixture.copyCache();
    const file = entry(cache, "README.md");
    await fs.rm(file);
    await fs.symlink("../../blobs/loop", file);
    await fs.symlink("loop", path.join(cache, MODEL_FOLDER, "blobs", "loop"));
    expect(await checkCacheFile(file)).toMatchObject({ status: "corrupt", problem: "loop", blob: "loop" });
  });

  it("reports a link out of the repo's blobs/ and does not follow it", async () => {
    const cache = await fixture.copyCache();
    const outside = path.join(path.dirname(cache), `${path.basename(cache)}-outside.bin`);
    await fs.writeFile(outside, "not yours");
    try {
      const file = entry(cache, "config.json");
      await fs.rm(file);
      await fs.symlink(outside, file);
      const check = await checkCacheFile(file);
      expect(check).toMatchObject({ status: "unverifiable", problem: "outside", blobPath: null, size: null });
      expect(check.reason).toContain(outside);
    } finally {
      await fs.rm(outside);
    }
  });

  it("reports a folder or a FIFO where the blob should be", async () => {
    const cache = await fixture.copyCache();
    const folderBlob = await blobPath(cache, MODEL_FOLDER, fixture.v2, "model.safetensors");
    await fs.rm(folderBlob);
    await fs.mkdir(folderBlob);
    expect(await checkCacheFile(entry(cache, "model.safetensors"))).toMatchObject({
      status: "corrupt",
      problem: "not-a-file",
    });

    const fifoBlob = await blobPath(cache, MODEL_FOLDER, fixture.v2, "README.md");
    await fs.rm(fifoBlob);
    execFileSync("mkfifo", [fifoBlob]);
    const check = await checkCacheFile(entry(cache, "README.md"));
    expect(check).toMatchObject({ status: "corrupt", problem: "not-a-file" });
    expect(check.reason).toContain("FIFO");
  });

  it("reports an empty blob whose name is the hash of real content", async () => {
    const cache = await fixture.copyCache();
    await fs.truncate(await blobPath(cache, MODEL_FOLDER, fixture.v2, "model.safetensors"), 0);
    expect(await checkCacheFile(entry(cache, "model.safetensors"))).toMatchObject({
      status: "corrupt",
      problem: "empty",
      size: 0,
    });
  });

  it("calls a plain file or a blob not named by a hash unverifiable", async () => {
    const cache = await fixture.copyCache();
    const plain = entry(cache, "config.json");
    const content = await fs.readFile(plain);
    await fs.rm(plain);
    await fs.writeFile(plain, content);
    expect(await checkCacheFile(plain)).toMatchObject({
      status: "unverifiable",
      problem: "plain-file",
      size: content.length,
    });

    const file = entry(cache, "README.md");
    const blob = await fs.realpath(file);
    await fs.rename(blob, path.join(path.dirname(blob), "etag-from-elsewhere"));
    await fs.rm(file);
    await fs.symlink("../../blobs/etag-from-elsewhere", file);
    expect(await checkCacheFile(file)).toMatchObject({
      status: "unverifiable",
      problem: "unnamed",
      blob: "etag-from-elsewhere",
    });
  });

  it("works through a cache folder reached by a symlink", async () => {
    const cache = await fixture.copyCache();
    const alias = `${cache}-alias`;
    await fs.symlink(cache, alias);
    try {
      expect((await checkCacheFile(entry(alias, "sub/dir/x.safetensors"))).status).toBe("verified");
    } finally {
      await fs.rm(alias);
    }
  });

  it("refuses a path that is not inside a cache snapshot", async () => {
    const error = await checkCacheFile(path.join(fixture.template, MODEL_FOLDER, "refs", "main")).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(IntegrityError);
    expect(error.code).toBe("NOT_A_CACHE");
  });
});
