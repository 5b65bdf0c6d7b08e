import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tinyLlama, writeSafetensors } from "./safetensors-fixtures.js";

describe("writeSafetensors", () => {
  it("writes a header whose offsets cover the data exactly, dense or sparse", async () => {
    const dir = await mkdtemp(join(tmpdir(), "st-fixture-"));
    try {
      const file = join(dir, "m.safetensors");
      await writeSafetensors(file, tinyLlama(1, 8, 16), { fill: 1 });
      const bytes = await readFile(file);
      const len = Number(bytes.readBigUInt64LE(0));
      const header = JSON.parse(bytes.subarray(8, 8 + len).toString()) as Record<
        string,
        { data_offsets: number[] }
      >;
      const end = Math.max(...Object.values(header).map((t) => t.data_offsets[1] ?? 0));
      expect(bytes.length).toBe(8 + len + end);
      expect(bytes.at(-1)).toBe(1);
      await writeSafetensors(file, tinyLlama(1, 8, 16), { sparse: true });
      expect((await stat(file)).size).toBe(8 + len + end);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
