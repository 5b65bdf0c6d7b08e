import fs from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IntegrityError } from "./integrity-error.js";
import {
  blobPath,
  buildCacheFixture,
  type CacheFixture,
  DATASET,
  damageCache,
  MODEL,
  MODEL_FOLDER,
  TINY,
} from "./test-utils/hub-cache.js";
import { type VerifiedFile, type VerifyProgress, verifyCache } from "./verify-cache.js";

let fixture: CacheFixture;
beforeAll(async () => {
  fixture = await buildCacheFixture();
});
afterAll(() => fixture.close());

const key = (file: Pick<VerifiedFile, "repoId" | "revision" | "path">) =>
  `${file.repoId} ${file.revision} ${file.path}`;
const keys = (files: Pick<VerifiedFile, "repoId" | "revision" | "path">[]) => files.map(key).sort();

describe("verifyCache", () => {
  it("verifies every file of an intact cache, hashing each shared blob once", async () => {
    const events: VerifyProgress[] = [];
    const report = await verifyCache(fixture.template, {
      deep: true,
      onProgress: (event) => events.push(event),
    });
    // model: 5 files x 2 revisions, dataset: 2, tiny: 2.
    expect(report).toMatchObject({ deep: true, verified: 14, unverifiable: 0, corrupt: 0, warnings: [] });
    expect(report.files.every((file) => file.status === "verified" && !("reason" in file))).toBe(true);
    expect(report.files.find((file) => file.path === "sub/dir/x.safetensors")).toMatchObject({
      repoId: MODEL,
      repoType: "model",
      blob: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    // Ten distinct blobs: the two model revisions share all but config.json.
    const last = events.at(-1);
    const sizes = 48_000 + 24_000 + 16_000 + 8_000;
    expect(last).toMatchObject({ blobsDone: 10, blobsTotal: 10 });
    expect(last?.bytesDone).toBe(last?.bytesTotal);
    expect(last?.bytesTotal).toBeGreaterThan(sizes);
    expect(last?.bytesTotal).toBeLessThan(sizes + 200);
    expect(
      events.every((event, i) => i === 0 || event.bytesDone >= (events[i - 1] as VerifyProgress).bytesDone),
    ).toBe(true);
  });

  it("finds truncation, a bit flip, an empty blob, a dangling link and a wrong small file in deep mode", async () => {
    const cache = await fixture.copyCache();
    const damage = await damageCache(fixture, cache);
    const report = await verifyCache(cache, { deep: true });
    const corrupt = report.files.filter((file) => file.status === "corrupt");
    expect(keys(corrupt)).toEqual(keys(damage));
    for (const hurt of damage) {
      expect(corrupt.find((file) => key(file) === key(hurt))?.problem, key(hurt)).toBe(hurt.problem);
    }
    expect(report).toMatchObject({ corrupt: damage.length, verified: 14 - damage.length, unverifiable: 0 });
    const flipped = corrupt.find((file) => file.path === "sub/dir/x.safetensors");
    expect(flipped?.reason).toMatch(/^content sha256 is [0-9a-f]{64}, blob name says [0-9a-f]{64}$/);
    expect(corrupt.find((file) => file.path === "README.md")?.reason).toMatch(/git blob sha1/);
  });

  it("in cheap mode finds only what needs no hashing, and calls the rest verified", async () => {
    const cache = await fixture.copyCache();
    const damage = await damageCache(fixture, cache);
    const report = await verifyCache(cache);
    expect(report.deep).toBe(false);
    expect(keys(report.files.filter((file) => file.status === "corrupt"))).toEqual(
      keys(damage.filter((d) => d.cheap)),
    );
    expect(report.verified).toBe(14 - damage.filter((d) => d.cheap).length);
  });

  it("limits the run to the repos asked for, and rejects unknown ones", async () => {
    const report = await verifyCache(fixture.template, {
      repos: [TINY, `datasets--${DATASET.replace("/", "--")}`],
    });
    expect(new Set(report.files.map((file) => file.repoId))).toEqual(new Set([TINY, DATASET]));
    const error = await verifyCache(fixture.template, { repos: [TINY, "org/absent"] }).catch((e) => e);
    expect(error).toBeInstanceOf(IntegrityError);
    expect(error.code).toBe("REPO_NOT_FOUND");
    expect(error.message).toContain("org/absent");
  });

  it("calls a blob it cannot read unverifiable, not corrupt", async () => {
    const cache = await fixture.copyCache();
    const blob = await blobPath(cache, MODEL_FOLDER, fixture.v2, "model.safetensors");
    await fs.chmod(cache, 0o755);
    await fs.chmod(blob, 0o000);
    // Root reads through any mode bits: drop to "nobody" (effective uid only) so the read really fails.
    const asRoot = process.geteuid?.() === 0;
    if (asRoot) process.seteuid?.(65534);
    let report: Awaited<ReturnType<typeof verifyCache>>;
    try {
      report = await verifyCache(cache, { deep: true, repos: [MODEL] });
    } finally {
      if (asRoot) process.seteuid?.(0);
    }
    const unreadable = report.files.filter((file) => file.status === "unverifiable");
    expect(unreadable.map((file) => file.path)).toEqual(["model.safetensors", "model.safetensors"]);
    expect(unreadable[0]).toMatchObject({ problem: "unreadable", reason: "cannot read blob: EACCES" });
    expect(report.corrupt).toBe(0);
  });

  it("rejects with the signal's reason when aborted, before or during hashing", async () => {
    const before = new AbortController();
    before.abort();
    await expect(verifyCache(fixture.template, { deep: true, signal: before.signal })).rejects.toMatchObject({
      name: "AbortError",
    });
    const during = new AbortController();
    let calls = 0;
    const run = verifyCache(fixture.template, {
      deep: true,
      signal: during.signal,
      onProgress: () => {
        calls++;
        during.abort(new Error("stop"));
      },
    });
    await expect(run).rejects.toThrow("stop");
    expect(calls).toBeLessThan(3);
  });
});
