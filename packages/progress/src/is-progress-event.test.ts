import { describe, expect, it } from "vitest";
import { isProgressEvent } from "./is-progress-event.js";
import type { ProgressEvent } from "./progress-event.js";

const at = 1_700_000_000_000;

const valid: ProgressEvent[] = [
  { type: "started", id: "d1", at },
  { type: "started", id: "d1", at, files: 3, totalBytes: 4096 },
  { type: "file_started", id: "d1", at, file: "model.gguf" },
  { type: "file_started", id: "d1", at, file: "model.gguf", size: 10 },
  { type: "file_progress", id: "d1", at, file: "model.gguf", bytesDone: 5 },
  { type: "file_progress", id: "d1", at, file: "model.gguf", bytesDone: 5, bytesTotal: 10 },
  { type: "file_completed", id: "d1", at, file: "model.gguf", bytes: 10 },
  { type: "verifying", id: "d1", at },
  { type: "verifying", id: "d1", at, file: "model.gguf" },
  { type: "completed", id: "d1", at },
  { type: "failed", id: "d1", at, reason: "The server closed the connection." },
  { type: "failed", id: "d1", at, reason: "Disk full.", code: "ENOSPC" },
];

describe("isProgressEvent", () => {
  it.each(valid.map((e) => [e.type, e] as const))("accepts a %s event after a JSON round trip", (_, e) => {
    expect(isProgressEvent(JSON.parse(JSON.stringify(e)))).toBe(true);
  });

  it("accepts extra fields from a newer producer", () => {
    expect(isProgressEvent({ type: "completed", id: "d1", at, speed: 3 })).toBe(true);
  });

  it.each([
    ["null", null],
    ["an array", [{ type: "completed", id: "d1", at }]],
    ["a string", "completed"],
    ["an unknown type", { type: "paused", id: "d1", at }],
    ["a type from Object.prototype", { type: "toString", id: "d1", at }],
    ["a missing id", { type: "completed", at }],
    ["an empty id", { type: "completed", id: "", at }],
    ["a missing at", { type: "completed", id: "d1" }],
    ["a date string for at", { type: "completed", id: "d1", at: "2024-01-01T00:00:00Z" }],
    ["a NaN at", { type: "completed", id: "d1", at: Number.NaN }],
    ["a string file count", { type: "started", id: "d1", at, files: "3" }],
    ["a negative total", { type: "started", id: "d1", at, totalBytes: -1 }],
    ["a file_started without file", { type: "file_started", id: "d1", at }],
    ["a file_progress without bytesDone", { type: "file_progress", id: "d1", at, file: "a" }],
    [
      "a file_progress with infinite total",
      { type: "file_progress", id: "d1", at, file: "a", bytesDone: 1, bytesTotal: Infinity },
    ],
    ["a file_completed without bytes", { type: "file_completed", id: "d1", at, file: "a" }],
    ["a verifying with numeric file", { type: "verifying", id: "d1", at, file: 7 }],
    ["a failed without reason", { type: "failed", id: "d1", at }],
    ["a failed with numeric code", { type: "failed", id: "d1", at, reason: "x", code: 28 }],
  ])("rejects %s", (_, x) => {
    expect(isProgressEvent(x)).toBe(false);
  });
});
