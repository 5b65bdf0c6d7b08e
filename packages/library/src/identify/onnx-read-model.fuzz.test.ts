// Property-based fuzzing of the ONNX sniffer over mutated models and random protobuf-ish bytes,
// all in memory: it must answer a model or null, never throw, never read more than the input
// justifies. MLIB_FUZZ_RUNS sets the run count (CI: 100000); MLIB_FUZZ_SEED replays.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { guardedSource } from "../test-utils/guarded-source.js";
import { buildOnnxModel } from "../test-utils/onnx-writer.js";
import { identifyOnnx } from "./onnx-identify.js";

const RUNS = Number(process.env.MLIB_FUZZ_RUNS ?? 2000);
const SEED = process.env.MLIB_FUZZ_SEED === undefined ? undefined : Number(process.env.MLIB_FUZZ_SEED);

const SEEDS = [false, true].map((packedDims) =>
  buildOnnxModel({
    packedDims,
    nodes: [{ opType: "MatMul", inputs: ["input_ids", "w"], outputs: ["last_hidden_state"] }],
    initializers: [
      { name: "encoder.layer.0.attention.self.query.weight", dims: [8, 8], dataType: 1 },
      { name: "w", dims: [4, 2, 2], dataType: 10 },
    ],
    inputs: ["input_ids", "attention_mask"],
    outputs: ["last_hidden_state"],
  }),
);

/** A varint that claims a huge length or value. */
const HUGE_VARINTS = [
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
  [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10],
  [0xff, 0xff, 0xff, 0xff, 0x0f],
];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant("cut" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("varint" as const), at: fc.nat(), which: fc.nat(HUGE_VARINTS.length - 1) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(bytes: Buffer, m: Mutation): Buffer {
  if (bytes.length === 0) return bytes;
  const at = m.at % bytes.length;
  switch (m.kind) {
    case "flip": {
      const out = Buffer.from(bytes);
      out[at] = (out[at] as number) ^ m.xor;
      return out;
    }
    case "cut":
      return bytes.subarray(0, at);
    case "varint":
      return Buffer.concat([
        bytes.subarray(0, at),
        Buffer.from(HUGE_VARINTS[m.which] as number[]),
        bytes.subarray(at),
      ]);
  }
}

describe("ONNX sniffer fuzzing", () => {
  it(`answers a model or null for ${RUNS} mutated models`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(SEEDS.length - 1),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        async (which, mutations) => {
          let bytes = SEEDS[which] as Buffer;
          for (const m of mutations) bytes = mutate(bytes, m);
          const started = performance.now();
          const id = await identifyOnnx(guardedSource(bytes));
          if (id) {
            expect(id.format).toBe("onnx");
            if (id.parameterCount !== null) expect(Number.isSafeInteger(id.parameterCount)).toBe(true);
          }
          expect(performance.now() - started).toBeLessThan(1000);
        },
      ),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
  });

  it(`answers null or a model for ${RUNS} random byte strings starting like ONNX`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 256 }), async (tail) => {
        const id = await identifyOnnx(guardedSource(Buffer.concat([Buffer.from([0x08, 0x07]), tail])));
        if (id) expect(id.format).toBe("onnx");
      }),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
  });
});
