import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeSegment } from "./safe-segment.js";

describe("safeSegment", () => {
  it("keeps ordinary names and cleans dangerous ones", () => {
    expect(safeSegment("Llama-3.2-1B-Instruct-GGUF")).toBe("Llama-3.2-1B-Instruct-GGUF");
    expect(safeSegment("a/b\\c:d")).toBe("a-b-c-d");
    expect(safeSegment("..")).toBe("unnamed");
    expect(safeSegment("  .hidden. ")).toBe("hidden");
    expect(safeSegment("", "mlib")).toBe("mlib");
    expect(safeSegment("x".repeat(300))).toHaveLength(100);
  });

  it("always yields one non-empty segment that cannot climb out of its folder", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (input) => {
        const out = safeSegment(input);
        expect(out.length).toBeGreaterThan(0);
        expect([...out].length).toBeLessThanOrEqual(100);
        expect(out).not.toMatch(/[/\\<>:"|?*\p{Cc}]/u);
        expect(out).not.toMatch(/^[\s.]|[\s.]$/u);
      }),
    );
  });
});
