import { describe, expect, it } from "vitest";
import { emitter } from "./emitter.js";
import type { ProgressEvent, ProgressSink } from "./progress-event.js";

describe("emitter", () => {
  it("is a disabled no-op without a sink", () => {
    const emit = emitter();
    expect(emit.enabled).toBe(false);
    expect(() => emit({ type: "completed", id: "d1" })).not.toThrow();
    // One shared function: creating emitters for silent operations allocates nothing.
    expect(emitter(undefined)).toBe(emit);
  });

  it("stamps `at` with the current time when the producer leaves it out", () => {
    const seen: ProgressEvent[] = [];
    const emit = emitter((e) => seen.push(e));
    expect(emit.enabled).toBe(true);
    const before = Date.now();
    emit({ type: "file_started", id: "d1", file: "a.gguf", size: 3 });
    const after = Date.now();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ type: "file_started", id: "d1", file: "a.gguf", size: 3 });
    expect(seen[0]?.at).toBeGreaterThanOrEqual(before);
    expect(seen[0]?.at).toBeLessThanOrEqual(after);
  });

  it("keeps an `at` the producer gave", () => {
    const seen: ProgressEvent[] = [];
    emitter((e) => seen.push(e))({ type: "completed", id: "d1", at: 42 });
    expect(seen).toEqual([{ type: "completed", id: "d1", at: 42 }]);
  });

  it("contains a sink that throws and reports each error", () => {
    const errors: [unknown, ProgressEvent][] = [];
    const emit = emitter(
      () => {
        throw new Error("ui gone");
      },
      { onSinkError: (error, event) => errors.push([error, event]) },
    );
    expect(() => emit({ type: "completed", id: "d1" })).not.toThrow();
    expect(() => emit({ type: "completed", id: "d2" })).not.toThrow();
    expect(errors.map(([error, event]) => [(error as Error).message, event.id])).toEqual([
      ["ui gone", "d1"],
      ["ui gone", "d2"],
    ]);
  });

  it("contains an async sink whose promise rejects", async () => {
    const reported = new Promise<unknown>((resolve) => {
      const asyncSink = (async () => {
        throw new Error("late failure");
      }) as ProgressSink;
      emitter(asyncSink, { onSinkError: resolve })({ type: "completed", id: "d1" });
    });
    expect(((await reported) as Error).message).toBe("late failure");
  });

  it("warns once by default when the sink throws", async () => {
    const warnings: Error[] = [];
    const listener = (w: Error) => warnings.push(w);
    process.on("warning", listener);
    try {
      const emit = emitter(() => {
        throw new Error("boom");
      });
      emit({ type: "completed", id: "d1" });
      emit({ type: "completed", id: "d1" });
      // Warnings are delivered on a later tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", listener);
    }
    const ours = warnings.filter((w) => (w as { code?: string }).code === "MLIB_PROGRESS_SINK_ERROR");
    expect(ours).toHaveLength(1);
    expect(ours[0]?.message).toContain("boom");
  });
});
