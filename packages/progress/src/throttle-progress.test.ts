import { describe, expect, it } from "vitest";
import type { ProgressEvent } from "./progress-event.js";
import { throttleProgress } from "./throttle-progress.js";

function setup(perSecond?: number) {
  let time = 0;
  const seen: ProgressEvent[] = [];
  const sink = throttleProgress((e) => seen.push(e), { perSecond, now: () => time });
  return {
    seen,
    sink,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

const progress = (bytesDone: number, bytesTotal?: number, file = "a.gguf", id = "d1"): ProgressEvent => ({
  type: "file_progress",
  id,
  at: 0,
  file,
  bytesDone,
  bytesTotal,
});

const done = (e: ProgressEvent) => (e.type === "file_progress" ? `${e.id}/${e.file}:${e.bytesDone}` : e.type);

describe("throttleProgress", () => {
  it("delivers the first progress, holds the next ones inside the interval, then delivers again", () => {
    const { seen, sink, advance } = setup();
    sink(progress(1, 100));
    advance(50);
    sink(progress(2, 100));
    advance(49);
    sink(progress(3, 100));
    advance(1);
    sink(progress(4, 100));
    expect(seen.map(done)).toEqual(["d1/a.gguf:1", "d1/a.gguf:4"]);
  });

  it("keeps a fast stream to about perSecond events per second, first and last included", () => {
    const { seen, sink, advance } = setup(10);
    // 1000 chunks over 10 virtual seconds.
    for (let i = 1; i <= 1000; i++) {
      sink(progress(i, 1000));
      advance(10);
    }
    expect(seen.length).toBeGreaterThanOrEqual(100);
    expect(seen.length).toBeLessThanOrEqual(102);
    expect(done(seen[0] as ProgressEvent)).toBe("d1/a.gguf:1");
    expect(done(seen.at(-1) as ProgressEvent)).toBe("d1/a.gguf:1000");
  });

  it("honours another rate", () => {
    const { seen, sink, advance } = setup(2);
    for (let i = 1; i <= 100; i++) {
      sink(progress(i));
      advance(10);
    }
    // 1 s of virtual time at 2 per second: t=0 and t=500.
    expect(seen.map(done)).toEqual(["d1/a.gguf:1", "d1/a.gguf:51"]);
  });

  it("always delivers the final progress when the total is known", () => {
    const { seen, sink, advance } = setup();
    sink(progress(0, 10));
    advance(1);
    sink(progress(5, 10));
    advance(1);
    sink(progress(10, 10));
    expect(seen.map(done)).toEqual(["d1/a.gguf:0", "d1/a.gguf:10"]);
  });

  it("flushes the held-back progress before file_completed when the total is unknown", () => {
    const { seen, sink, advance } = setup();
    sink(progress(1));
    advance(1);
    sink(progress(7));
    sink({ type: "file_completed", id: "d1", at: 0, file: "a.gguf", bytes: 7 });
    expect(seen.map(done)).toEqual(["d1/a.gguf:1", "d1/a.gguf:7", "file_completed"]);
  });

  it("flushes every file of the acquisition before failed, and leaves other acquisitions alone", () => {
    const { seen, sink, advance } = setup();
    sink(progress(1, 100, "a"));
    sink(progress(1, 100, "b"));
    sink(progress(1, 100, "a", "d2"));
    advance(1);
    sink(progress(2, 100, "a"));
    sink(progress(3, 100, "b"));
    sink(progress(4, 100, "a", "d2"));
    sink({ type: "failed", id: "d1", at: 0, reason: "Connection reset." });
    expect(seen.map(done)).toEqual(["d1/a:1", "d1/b:1", "d2/a:1", "d1/a:2", "d1/b:3", "failed"]);
    sink({ type: "completed", id: "d2", at: 0 });
    expect(seen.map(done).slice(-2)).toEqual(["d2/a:4", "completed"]);
  });

  it("flushes only the named file before a verifying event for it", () => {
    const { seen, sink, advance } = setup();
    sink(progress(1, 100, "a"));
    sink(progress(1, 100, "b"));
    advance(1);
    sink(progress(2, 100, "a"));
    sink(progress(2, 100, "b"));
    sink({ type: "verifying", id: "d1", at: 0, file: "a" });
    expect(seen.map(done)).toEqual(["d1/a:1", "d1/b:1", "d1/a:2", "verifying"]);
  });

  it("throttles each file on its own", () => {
    const { seen, sink } = setup();
    sink(progress(1, 100, "a"));
    sink(progress(1, 100, "b"));
    sink(progress(2, 100, "a"));
    sink(progress(1, 100, "a", "d2"));
    expect(seen.map(done)).toEqual(["d1/a:1", "d1/b:1", "d2/a:1"]);
  });

  it("passes other events straight through, in order", () => {
    const { seen, sink } = setup();
    const events: ProgressEvent[] = [
      { type: "started", id: "d1", at: 0, files: 1 },
      { type: "file_started", id: "d1", at: 0, file: "a" },
      { type: "file_completed", id: "d1", at: 0, file: "a", bytes: 0 },
      { type: "verifying", id: "d1", at: 0 },
      { type: "completed", id: "d1", at: 0 },
    ];
    for (const e of events) sink(e);
    expect(seen).toEqual(events);
  });

  it("treats a file that completed and starts again as new", () => {
    const { seen, sink } = setup();
    sink(progress(1, 100));
    sink({ type: "file_completed", id: "d1", at: 0, file: "a.gguf", bytes: 1 });
    sink({ type: "file_started", id: "d1", at: 0, file: "a.gguf" });
    sink(progress(1, 100));
    expect(seen.map(done)).toEqual(["d1/a.gguf:1", "file_completed", "file_started", "d1/a.gguf:1"]);
  });

  it("does not hold events for long when an injected clock steps back", () => {
    const { seen, sink, advance } = setup();
    advance(10_000);
    sink(progress(1, 100));
    advance(-5_000);
    sink(progress(2, 100));
    expect(seen.map(done)).toEqual(["d1/a.gguf:1", "d1/a.gguf:2"]);
  });

  it("delivers the event after a flushed progress even if the sink throws on that progress", () => {
    let time = 0;
    const seen: string[] = [];
    const sink = throttleProgress(
      (e) => {
        seen.push(e.type);
        if (e.type === "file_progress" && e.bytesDone === 2) throw new Error("render failed");
      },
      { now: () => time },
    );
    sink(progress(1));
    time = 1;
    sink(progress(2));
    expect(() => sink({ type: "completed", id: "d1", at: 0 })).toThrow("render failed");
    expect(seen).toEqual(["file_progress", "file_progress", "completed"]);
  });

  it.each([0, -1, Number.NaN])("rejects perSecond = %s", (perSecond) => {
    expect(() => throttleProgress(() => {}, { perSecond })).toThrow(RangeError);
  });
});
