// Property-based fuzzing of the safetensors header parser and what runs after it (summary and
// key signatures), all in memory. MLIB_FUZZ_RUNS sets the run count (CI: 100000);
// MLIB_FUZZ_SEED replays a failure.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { guardedSource } from "../test-utils/guarded-source.js";
import * as fx from "../test-utils/model-fixtures.js";
import { buildSafetensorsHeader, type TensorTable } from "../test-utils/safetensors-writer.js";
import { IdentifyError } from "./identify-error.js";
import {
  parseSafetensorsHeader,
  SAFETENSORS_DTYPE_BITS,
  type SafetensorsHeader,
} from "./safetensors-header.js";
import { identifySafetensorsHeaders } from "./safetensors-identify-headers.js";
import { readSafetensorsHeader } from "./safetensors-read-header.js";

const RUNS = Number(process.env.MLIB_FUZZ_RUNS ?? 2000);
const SEED = process.env.MLIB_FUZZ_SEED === undefined ? undefined : Number(process.env.MLIB_FUZZ_SEED);
const CODES = new Set(["BAD_HEADER", "TRUNCATED", "HEADER_TOO_LARGE"]);

interface Seed {
  bytes: Uint8Array;
  size: number;
}
const seed = (table: TensorTable, metadata?: Record<string, string>): Seed => {
  const { header, dataSize } = buildSafetensorsHeader(table, metadata);
  return { bytes: header, size: header.length + dataSize };
};
const SEEDS: Seed[] = [
  seed(fx.SD15_CHECKPOINT),
  seed(fx.KOHYA_SDXL_LORA, { ss_base_model_version: "sdxl_base_v1-0", ss_network_dim: "16" }),
  seed(fx.FLUX_DEV_FP8),
  seed([...fx.LLAMA_LAYER(0), ...fx.LLAMA_LAYER(1)]),
  seed({ x: { shape: [] } }),
];

const HUGE = [2 ** 60, 2 ** 64 - 1, 2 ** 63, 2 ** 53 - 1, 2 ** 53 + 2, 2 ** 32, 1e308, -1, 0.5, 1e21];
const hugeNumber = fc.oneof(fc.constantFrom(...HUGE), fc.integer({ min: 0, max: 2 ** 40 }), fc.double());
const junkValue = fc.oneof(
  hugeNumber,
  fc.string(),
  fc.constant(null),
  fc.array(hugeNumber, { maxLength: 6 }),
  fc.constant({}),
);

type Mutation =
  | { kind: "flip"; at: number[]; xor: number[] }
  | { kind: "cut"; at: number }
  | { kind: "length"; value: bigint }
  | { kind: "entry"; index: number; field: "shape" | "data_offsets" | "dtype" | "drop"; value: unknown }
  | { kind: "shape"; index: number; shape: number[] }
  | { kind: "rename"; index: number; name: string }
  | { kind: "offsets"; index: number; begin: number; end: number }
  | { kind: "metadata"; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant("flip" as const),
    at: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
    xor: fc.array(fc.integer({ min: 1, max: 255 }), { minLength: 8, maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant("cut" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("length" as const),
    value: fc.oneof(
      fc.constantFrom(2n ** 60n, 2n ** 64n - 1n, 2n ** 63n, 0n, 1n, 100n * 1024n * 1024n + 1n),
      fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
    ),
  }),
  fc.record({
    kind: fc.constant("entry" as const),
    index: fc.nat(),
    field: fc.constantFrom("shape" as const, "data_offsets" as const, "dtype" as const, "drop" as const),
    value: junkValue,
  }),
  fc.record({
    kind: fc.constant("shape" as const),
    index: fc.nat(),
    shape: fc.array(fc.oneof(fc.constantFrom(2 ** 53 - 1, 2 ** 31, 2 ** 32, 65536), fc.nat(1 << 20)), {
      maxLength: 8,
    }),
  }),
  // Offsets past the end of the data section, backwards, or overlapping a neighbour.
  fc.record({
    kind: fc.constant("offsets" as const),
    index: fc.nat(),
    begin: fc.oneof(fc.nat(4096), fc.constantFrom(2 ** 53 - 1, 2 ** 40)),
    end: fc.oneof(fc.nat(1 << 30), fc.constantFrom(2 ** 53 - 1, 2 ** 40, 2 ** 60)),
  }),
  // Valid headers with hostile names and metadata: these reach the key-signature matcher.
  fc.record({
    kind: fc.constant("rename" as const),
    index: fc.nat(),
    name: fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.constantFrom("__proto__", "constructor", "a".repeat(5000), "model.layers.0.*"),
    ),
  }),
  fc.record({
    kind: fc.constant("metadata" as const),
    value: fc.oneof(fc.dictionary(fc.string(), fc.string()), junkValue),
  }),
);

/** Edits the JSON of a header; bytes an earlier mutation broke are returned as they are. */
function withJson(
  s: Seed,
  edit: (json: Record<string, Record<string, unknown>>, names: string[]) => void,
): Uint8Array {
  let json: Record<string, Record<string, unknown>>;
  try {
    const length = Number(Buffer.from(s.bytes).readBigUInt64LE(0));
    json = JSON.parse(Buffer.from(s.bytes.subarray(8, 8 + length)).toString("utf8"));
    if (typeof json !== "object" || json === null) return s.bytes;
  } catch {
    return s.bytes;
  }
  edit(
    json,
    Object.keys(json).filter((k) => k !== "__metadata__"),
  );
  const body = Buffer.from(JSON.stringify(json));
  const out = Buffer.alloc(8 + body.length);
  out.writeBigUInt64LE(BigInt(body.length), 0);
  body.copy(out, 8);
  return out;
}

function mutate(s: Seed, m: Mutation): Uint8Array {
  switch (m.kind) {
    case "flip": {
      const out = Buffer.from(s.bytes);
      m.at.forEach((at, i) => {
        const p = at % out.length;
        out[p] = (out[p] as number) ^ (m.xor[i] as number);
      });
      return out;
    }
    case "cut":
      return s.bytes.subarray(0, m.at % (s.bytes.length + 1));
    case "length": {
      const out = Buffer.concat([s.bytes, Buffer.alloc(Math.max(0, 8 - s.bytes.length))]);
      out.writeBigUInt64LE(m.value, 0);
      return out;
    }
    case "entry":
      return withJson(s, (json, names) => {
        const entry = json[names[m.index % names.length] as string];
        if (typeof entry !== "object" || entry === null) return;
        if (m.field === "drop") delete entry.data_offsets;
        else entry[m.field] = m.value;
      });
    case "shape":
      return withJson(s, (json, names) => {
        const entry = json[names[m.index % names.length] as string];
        if (typeof entry === "object" && entry !== null) entry.shape = m.shape;
      });
    case "rename":
      return withJson(s, (json, names) => {
        const old = names[m.index % names.length] as string;
        const entry = json[old];
        delete json[old];
        json[m.name] = entry as Record<string, unknown>;
      });
    case "offsets":
      return withJson(s, (json, names) => {
        const entry = json[names[m.index % names.length] as string];
        if (typeof entry === "object" && entry !== null) entry.data_offsets = [m.begin, m.end];
      });
    case "metadata":
      return withJson(s, (json) => {
        (json as Record<string, unknown>).__metadata__ = m.value;
      });
  }
}

/** What a successful parse must guarantee, whatever the input. */
function checkInvariants(h: SafetensorsHeader): void {
  expect(h.dataStart).toBe(8 + h.headerLength);
  let end = 0;
  for (const t of [...h.tensors].sort((a, b) => a.begin - b.begin)) {
    expect(t.begin).toBeGreaterThanOrEqual(end);
    expect(t.end).toBeLessThanOrEqual(h.dataSize);
    expect(t.elements * (SAFETENSORS_DTYPE_BITS[t.dtype] as number)).toBe((t.end - t.begin) * 8);
    end = t.end;
  }
}

describe("safetensors header fuzzing", () => {
  it(`survives ${RUNS} mutated headers with typed errors only`, async () => {
    const sizeDelta = fc.oneof(
      { weight: 4, arbitrary: fc.constant(0) },
      { weight: 1, arbitrary: fc.integer({ min: -4096, max: 4096 }) },
      { weight: 1, arbitrary: fc.constantFrom(2 ** 40, 2 ** 52) },
    );
    let parsed = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat(SEEDS.length - 1),
        fc.array(mutation, { minLength: 1, maxLength: 2 }),
        sizeDelta,
        async (which, mutations, delta) => {
          const s = SEEDS[which] as Seed;
          let bytes = s.bytes;
          for (const m of mutations) bytes = mutate({ bytes, size: s.size }, m);
          const fileSize = Math.max(0, s.size + delta);
          const started = performance.now();
          try {
            const header = parseSafetensorsHeader(bytes, fileSize);
            checkInvariants(header);
            const id = identifySafetensorsHeaders([header], { name: "fuzz.safetensors" });
            expect(id.format).toBe("safetensors");
            parsed += 1;
          } catch (error) {
            if (!(error instanceof IdentifyError) || !CODES.has(error.code)) throw error;
          }
          // The reader on a file as long as the input: no read may exceed it, whatever the header says.
          await readSafetensorsHeader(guardedSource(bytes)).catch((error) => {
            if (!(error instanceof IdentifyError) || !CODES.has(error.code)) throw error;
          });
          expect(performance.now() - started).toBeLessThan(1000);
        },
      ),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
    // The mutations must not all be rejected, or the checks after parsing would never run.
    expect(parsed).toBeGreaterThan(RUNS / 50);
  });
});
