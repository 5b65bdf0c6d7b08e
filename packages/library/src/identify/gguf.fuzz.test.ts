// Property-based fuzzing of the GGUF reader over mutated valid files, all in memory.
// MLIB_FUZZ_RUNS sets the run count (CI: 100000); MLIB_FUZZ_SEED replays a failure.

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { GGMLQuantizationType as T } from "@huggingface/gguf";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type BuiltGguf, buildGguf, kv } from "../test-utils/gguf-writer.js";
import { type ByteSource, bufferSource } from "./byte-source.js";
import { identifyGgufSource } from "./gguf.js";
import { IdentifyError } from "./identify-error.js";

const RUNS = Number(process.env.MLIB_FUZZ_RUNS ?? 2000);
const SEED = process.env.MLIB_FUZZ_SEED === undefined ? undefined : Number(process.env.MLIB_FUZZ_SEED);

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const tensors = [
  { name: "token_embd.weight", shape: [256, 4], type: T.Q4_K },
  { name: "blk.0.attn_norm.weight", shape: [256], type: T.F32 },
  { name: "output.weight", shape: [256, 4], type: T.Q6_K },
];
const llm = {
  "general.architecture": kv.str("llama"),
  "general.name": kv.str("Fuzz"),
  "general.file_type": kv.u32(15),
  "llama.context_length": kv.u32(4096),
  "llama.block_count": kv.u32(1),
  "tokenizer.ggml.model": kv.str("llama"),
  "tokenizer.ggml.tokens": kv.strs(Array.from({ length: 40 }, (_, i) => `t${i}`)),
  "tokenizer.ggml.scores": kv.f32s(Array.from({ length: 300 }, (_, i) => i)),
  "tokenizer.chat_template": kv.str("{{ messages }}"),
};
const SEEDS: BuiltGguf[] = [
  buildGguf({ metadata: llm, tensors }),
  buildGguf({ version: 1, metadata: llm, tensors }),
  buildGguf({ littleEndian: false, metadata: llm, tensors }),
  buildGguf({
    metadata: { ...llm, "split.no": kv.u16(0), "split.count": kv.u16(2), "split.tensors.count": kv.i32(5) },
    tensors,
  }),
  buildGguf({
    metadata: {
      "general.architecture": kv.str("clip"),
      "general.type": kv.str("mmproj"),
      "clip.has_vision_encoder": kv.bool(true),
      "general.alignment": kv.u32(64),
    },
    tensors: [{ name: "mm.0.weight", shape: [32, 8], type: T.F16 }],
  }),
];
const CODES = new Set(["BAD_HEADER", "TRUNCATED", "HEADER_TOO_LARGE"]);
const HUGE = [
  2n ** 60n,
  2n ** 64n - 1n,
  2n ** 63n,
  2n ** 32n - 1n,
  2n ** 31n,
  2n ** 53n + 1n,
  0n,
  1n,
  255n,
  65_535n,
];

type Mutation =
  | { kind: "flip"; at: number; byte: number }
  | { kind: "truncate"; at: number }
  | { kind: "size"; field: number; value: bigint };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("size" as const),
    field: fc.nat(),
    value: fc.oneof(
      fc.constantFrom(...HUGE),
      fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      fc.bigInt({ min: 0n, max: 5000n }),
    ),
  }),
);

function mutate(seed: BuiltGguf, mutations: Mutation[], littleEndian: boolean): Uint8Array {
  let bytes = seed.bytes.slice();
  for (const m of mutations) {
    if (m.kind === "flip") {
      if (bytes.length > 0) bytes[m.at % bytes.length] = m.byte;
    } else if (m.kind === "truncate") {
      bytes = bytes.subarray(0, m.at % (bytes.length + 1));
    } else {
      const f = seed.sizeFields[m.field % seed.sizeFields.length];
      if (f === undefined || f.offset + f.width > bytes.length) continue;
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      if (f.width === 8) view.setBigUint64(f.offset, m.value, littleEndian);
      else view.setUint32(f.offset, Number(m.value % 2n ** 32n), littleEndian);
    }
  }
  return bytes;
}

/** Records the largest read asked for, to prove no read is sized by a header's claims. */
function watched(bytes: Uint8Array): { source: ByteSource; largestRead: () => number } {
  const inner = bufferSource(bytes);
  let largest = 0;
  return {
    source: {
      size: inner.size,
      read: (offset, length) => {
        largest = Math.max(largest, offset + length);
        return inner.read(offset, length);
      },
    },
    largestRead: () => largest,
  };
}

const noShards = async (): Promise<never> => {
  throw new IdentifyError("NOT_FOUND", "no shards in fuzzing");
};

describe("GGUF reader fuzzing", () => {
  it("the seeds are valid", async () => {
    for (const seed of SEEDS) {
      const id = await identifyGgufSource(bufferSource(seed.bytes), "fuzz.gguf", noShards);
      expect(id.format).toBe("gguf");
      // every recorded size field holds a small number in the unmutated file
      for (const f of seed.sizeFields) expect(f.offset + f.width).toBeLessThanOrEqual(seed.dataOffset);
    }
  });

  it("calls every cut of a valid file before its last tensor ends TRUNCATED", async () => {
    const seed = SEEDS[0] as BuiltGguf;
    for (let cut = 4; cut < seed.dataEnd; cut++) {
      const error = await identifyGgufSource(
        bufferSource(seed.bytes.subarray(0, cut)),
        "cut.gguf",
        noShards,
      ).catch((e: unknown) => e);
      expect(error, `cut at ${cut}`).toMatchObject({ code: "TRUNCATED" });
    }
  });

  it("random bytes after a GGUF magic and version give an IdentifyError", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(1, 2, 3), fc.uint8Array({ maxLength: 512 }), async (version, tail) => {
        const bytes = new Uint8Array(8 + tail.length);
        bytes.set([0x47, 0x47, 0x55, 0x46, version, 0, 0, 0]);
        bytes.set(tail, 8);
        const outcome = await identifyGgufSource(bufferSource(bytes), "random.gguf", noShards).catch(
          (e: unknown) => e,
        );
        if (outcome instanceof Error) {
          expect(outcome).toBeInstanceOf(IdentifyError);
          expect(CODES.has((outcome as IdentifyError).code)).toBe(true);
        } else {
          JSON.stringify(outcome);
        }
      }),
      { numRuns: Math.max(100, Math.floor(RUNS / 10)), seed: SEED },
    );
  });

  it(`mutated headers give an Identification or an IdentifyError, fast and bounded (${RUNS} runs)`, async () => {
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    let slowest = 0;
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: SEEDS.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        async (s, mutations) => {
          const seed = SEEDS[s] as BuiltGguf;
          const bytes = mutate(seed, mutations, s !== 2);
          const { source, largestRead } = watched(bytes);
          const started = performance.now();
          let outcome: string;
          try {
            const id = await identifyGgufSource(source, "fuzz.gguf", noShards);
            JSON.stringify(id); // no bigint or cycle may leak into the answer
            outcome = "identified";
          } catch (error) {
            if (!(error instanceof IdentifyError) || !CODES.has(error.code)) throw error;
            outcome = error.code;
          }
          const elapsed = performance.now() - started;
          slowest = Math.max(slowest, elapsed);
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
          expect(elapsed).toBeLessThan(1000);
          expect(largestRead()).toBeLessThanOrEqual(bytes.length);
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
    gc();
    const growth = process.memoryUsage().heapUsed - heapBefore;
    console.log(
      `gguf fuzz: ${RUNS} runs, slowest ${slowest.toFixed(1)} ms, heap growth ${(growth / 2 ** 20).toFixed(1)} MiB,`,
      Object.fromEntries(outcomes),
    );
    expect(growth).toBeLessThan(32 * 2 ** 20);
    // the mutations reach every outcome, so the property is not vacuous
    expect([...outcomes.keys()]).toEqual(expect.arrayContaining(["identified", "BAD_HEADER", "TRUNCATED"]));
  });
});
