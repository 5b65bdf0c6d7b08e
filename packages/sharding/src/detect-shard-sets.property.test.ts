import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeShardSet } from "./describe-shard-set.js";
import { detectShardSets } from "./detect-shard-sets.js";
import { parseShardName } from "./parse-shard-name.js";

const baseName = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,30}$/);
const ext = fc.constantFrom("safetensors", "gguf", "bin", "ckpt", "pt", "pth");
/** A small pool, so generated listings collide: same names in one folder, indexes naming shards. */
const pooledBase = fc.constantFrom("model", "Model", "x.fp16", "q-00001-of-00002");
const pooledExt = fc.constantFrom("safetensors", "gguf");
const folder = fc.constantFrom("", "m", "models/llm/x", "C:\\models", "/abs/dir");
const join = (dir: string, name: string) =>
  dir === "" ? name : dir.includes("\\") ? `${dir}\\${name}` : `${dir}/${name}`;
const shardName = (base: string, i: number, n: number, e: string) =>
  `${base}-${String(i).padStart(5, "0")}-of-${String(n).padStart(5, "0")}.${e}`;

/** Listings mixing shard names, index files (read or not), and arbitrary strings. */
const listing = fc
  .array(
    fc.oneof(
      fc.record({
        kind: fc.constant("shard"),
        dir: folder,
        base: pooledBase,
        i: fc.nat(6),
        n: fc.nat(6),
        e: pooledExt,
      }),
      fc.record({
        kind: fc.constant("index"),
        dir: folder,
        base: pooledBase,
        json: fc.option(fc.jsonValue()),
      }),
      fc.record({
        kind: fc.constant("named-index"),
        dir: folder,
        base: pooledBase,
        picks: fc.array(fc.nat(6)),
      }),
      fc.record({
        kind: fc.constant("shard"),
        dir: folder,
        base: baseName,
        i: fc.nat(6),
        n: fc.nat(6),
        e: ext,
      }),
      fc.record({ kind: fc.constant("other"), name: fc.string() }),
    ),
    { maxLength: 40 },
  )
  .map((items) => {
    const files: string[] = [];
    const indexFiles: Record<string, unknown> = {};
    for (const item of items) {
      if (item.kind === "shard") files.push(join(item.dir, shardName(item.base, item.i, item.n, item.e)));
      else if (item.kind === "other") files.push(item.name);
      else {
        const path = join(item.dir, `${item.base}.safetensors.index.json`);
        files.push(path);
        if (item.kind === "index" && item.json !== null) indexFiles[path] = item.json;
        if (item.kind === "named-index") {
          indexFiles[path] = {
            weight_map: Object.fromEntries(
              item.picks.map((i, k) => [`t${k}`, shardName(item.base, i, 6, "safetensors")]),
            ),
          };
        }
      }
    }
    return { files, indexFiles };
  });

describe("detectShardSets properties", () => {
  it("places every listed file exactly once and never throws", () => {
    fc.assert(
      fc.property(listing, ({ files, indexFiles }) => {
        const { sets, standalone } = detectShardSets(files, { indexFiles });
        const placed = [
          ...standalone,
          ...sets.flatMap((s) => (s.indexFile === undefined ? s.files : [s.indexFile, ...s.files])),
        ];
        expect([...placed].sort()).toEqual([...new Set(files)].sort());
        for (const set of sets) {
          expect(describeShardSet(set)).toContain(set.baseName);
          expect(set.complete).toBe(
            set.problems.length === 0 && set.missingCount === 0 && set.files.length > 0,
          );
          if (set.kind !== "index") expect(set.files.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("finds a shuffled complete set, and exactly the indices taken out of it", () => {
    fc.assert(
      fc.property(
        baseName,
        ext,
        fc.integer({ min: 2, max: 60 }),
        fc.array(fc.nat(), { maxLength: 60 }),
        fc.integer(),
        (base, e, n, removeSeeds, seed) => {
          const all = Array.from({ length: n }, (_, k) => shardName(base, k + 1, n, e));
          const removed = [...new Set(removeSeeds.map((r) => (r % n) + 1))]
            .filter((i) => i !== 1)
            .sort((a, b) => a - b);
          const kept = all.filter((_, k) => !removed.includes(k + 1));
          const shuffled = [...kept].sort((a, b) => hash(a, seed) - hash(b, seed));
          const { sets, standalone } = detectShardSets(shuffled);
          expect(standalone).toEqual([]);
          expect(sets).toHaveLength(1);
          const set = sets[0];
          expect(set?.files).toEqual(kept);
          expect(set?.missing).toEqual(removed);
          expect(set?.missingFiles).toEqual(removed.map((i) => all[i - 1]));
          expect(set?.complete).toBe(removed.length === 0);
          expect(describeShardSet(set as NonNullable<typeof set>)).toContain(`have ${kept.length}/${n}`);
        },
      ),
    );
  });
});

describe("parseShardName properties", () => {
  it("reads back what a shard name was built from", () => {
    fc.assert(
      fc.property(
        baseName,
        ext,
        fc.integer({ min: 1, max: 99999 }),
        fc.integer({ min: 1, max: 99999 }),
        (base, e, i, n) => {
          expect(parseShardName(shardName(base, i, n, e))).toEqual({
            base,
            ext: e,
            index: i,
            total: n,
            kind: "numbered",
            unshardedName: `${base}.${e}`,
          });
        },
      ),
    );
  });

  it("never throws on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (name) => {
        const parsed = parseShardName(name);
        if (parsed) expect(Number.isSafeInteger(parsed.index)).toBe(true);
      }),
    );
  });
});

function hash(text: string, seed: number): number {
  let h = seed | 0;
  for (let k = 0; k < text.length; k += 1) h = Math.imul(h ^ text.charCodeAt(k), 16777619);
  return h;
}
