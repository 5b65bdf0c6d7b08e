import { describe, expect, it } from "vitest";
import { createStatsReader } from "./create-stats-reader.js";
import { makeModel } from "./test-utils/make-model.js";
import { openTestDb } from "./test-utils/open-test-db.js";
import { useTempDir } from "./test-utils/temp-dir.js";

const tempDir = useTempDir();

describe("createStatsReader", () => {
  it("counts and sums sizes by type, architecture, format and quantization", async () => {
    const { db, write } = openTestDb(await tempDir());
    const stats = createStatsReader(db);
    expect(stats()).toEqual({
      count: 0,
      totalSize: 0,
      byType: [],
      byArchitecture: [],
      byFormat: [],
      byQuantization: [],
    });
    write([
      makeModel({ id: "a", type: "llm", architecture: "llama", size: 100, quantization: "Q4_K_M" }),
      makeModel({ id: "b", type: "LLM", architecture: "llama", size: 50, quantization: "Q8_0" }),
      makeModel({ id: "c", type: "vae", format: "safetensors", size: 7 }),
    ]);
    const s = stats();
    expect(s.count).toBe(3);
    expect(s.totalSize).toBe(157);
    expect(s.byType.map(({ count, size }) => ({ count, size }))).toEqual([
      { count: 2, size: 150 },
      { count: 1, size: 7 },
    ]);
    expect(s.byType[0]?.value?.toLowerCase()).toBe("llm");
    expect(s.byArchitecture).toEqual([
      { value: "llama", count: 2, size: 150 },
      { value: null, count: 1, size: 7 },
    ]);
    expect(s.byFormat).toEqual([
      { value: "gguf", count: 2, size: 150 },
      { value: "safetensors", count: 1, size: 7 },
    ]);
    expect(s.byQuantization.map((b) => b.value)).toEqual([null, "Q4_K_M", "Q8_0"]);
  });
});
