// Property-based fuzzing of the pickle/zip sniffer over mutated PyTorch archives and raw
// pickles, all in memory. MLIB_FUZZ_RUNS sets the run count (CI: 100000); MLIB_FUZZ_SEED replays.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { guardedSource } from "../test-utils/guarded-source.js";
import { KOHYA_SD15_LORA, SD15_CHECKPOINT } from "../test-utils/model-fixtures.js";
import { buildStateDictPickle, LEGACY_TORCH_PREFIX } from "../test-utils/pickle-writer.js";
import { buildStoredZip } from "../test-utils/zip-writer.js";
import { IdentifyError } from "./identify-error.js";
import { identifyPickle } from "./pickle-identify.js";

const RUNS = Number(process.env.MLIB_FUZZ_RUNS ?? 2000);
const SEED = process.env.MLIB_FUZZ_SEED === undefined ? undefined : Number(process.env.MLIB_FUZZ_SEED);
const CODES = new Set(["BAD_ZIP", "TRUNCATED", "HEADER_TOO_LARGE"]);

const torchZip = (zip64: boolean) =>
  buildStoredZip(
    [
      { name: "archive/data.pkl", data: buildStateDictPickle(SD15_CHECKPOINT.map(([n]) => n)) },
      { name: "archive/data/0", data: new Uint8Array(256) },
      { name: "archive/data/1", data: new Uint8Array(128) },
      { name: "archive/version", data: Buffer.from("3\n") },
    ],
    { zip64 },
  );
const SEEDS: Buffer[] = [
  torchZip(false),
  torchZip(true),
  Buffer.concat([
    LEGACY_TORCH_PREFIX,
    buildStateDictPickle(KOHYA_SD15_LORA.map(([n]) => n)),
    Buffer.alloc(64),
  ]),
];

const field = fc.oneof(fc.constantFrom(0, 0xffff, 0xffffffff, 0x7fffffff, 46, 1), fc.nat());
const mutation = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant("cut" as const), at: fc.nat() }),
  // Overwrite a directory or end-record number (counts, sizes, offsets) near the end.
  fc.record({ kind: fc.constant("tail32" as const), back: fc.nat(200), value: field }),
  fc.record({
    kind: fc.constant("tail64" as const),
    back: fc.nat(200),
    value: fc.constantFrom(2n ** 60n, 2n ** 64n - 1n, 2n ** 53n, 0n),
  }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(bytes: Buffer, m: Mutation): Buffer {
  const out = Buffer.from(bytes);
  if (out.length === 0) return out;
  switch (m.kind) {
    case "flip":
      out[m.at % out.length] = (out[m.at % out.length] as number) ^ m.xor;
      return out;
    case "cut":
      return out.subarray(0, m.at % (out.length + 1));
    case "tail32": {
      const at = out.length - 4 - (m.back % Math.max(1, out.length - 4));
      if (at >= 0) out.writeUInt32LE(m.value >>> 0, at);
      return out;
    }
    case "tail64": {
      const at = out.length - 8 - (m.back % Math.max(1, out.length - 8));
      if (at >= 0) out.writeBigUInt64LE(m.value, at);
      return out;
    }
  }
}

describe("pickle/zip sniffer fuzzing", () => {
  it(`survives ${RUNS} mutated archives with typed errors only`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(SEEDS.length - 1),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.oneof(fc.constant(0), fc.constantFrom(2 ** 40, 2 ** 50)),
        async (which, mutations, extraSize) => {
          let bytes = SEEDS[which] as Buffer;
          for (const m of mutations) bytes = mutate(bytes, m);
          const started = performance.now();
          try {
            const id = await identifyPickle(guardedSource(bytes, bytes.length + extraSize), "fuzz.ckpt");
            if (id) expect(id).toMatchObject({ format: "pickle", unsafe: "pickle" });
          } catch (error) {
            if (!(error instanceof IdentifyError) || !CODES.has(error.code)) throw error;
          }
          expect(performance.now() - started).toBeLessThan(1000);
        },
      ),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
  });

  it(`survives ${RUNS} random byte strings`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 512 }),
        fc.constantFrom("PK\x03\x04", "\x80\x02", ""),
        async (tail, head) => {
          const bytes = Buffer.concat([Buffer.from(head, "latin1"), tail]);
          try {
            await identifyPickle(guardedSource(bytes), "fuzz.pt");
          } catch (error) {
            if (!(error instanceof IdentifyError) || !CODES.has(error.code)) throw error;
          }
        },
      ),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
  });
});
