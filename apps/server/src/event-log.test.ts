import { describe, expect, it } from "vitest";
import { EventLog } from "./event-log.js";

describe("EventLog", () => {
  it("numbers events from 1 and hands them to listeners until they unsubscribe", () => {
    const log = new EventLog(10);
    const seen: number[] = [];
    const off = log.subscribe((e) => seen.push(e.id));
    log.publish("a", 1);
    log.publish("b", 2);
    off();
    log.publish("c", 3);
    expect(seen).toEqual([1, 2]);
    expect(log.lastId).toBe(3);
    expect(log.listenerCount).toBe(0);
  });

  it("replays what came after an id while the ring still holds it", () => {
    const log = new EventLog(3);
    for (let i = 1; i <= 5; i++) log.publish("n", i);
    expect(log.since(3)).toEqual({
      events: [
        { id: 4, type: "n", data: 4 },
        { id: 5, type: "n", data: 5 },
      ],
      complete: true,
    });
    expect(log.since(2).complete).toBe(true);
    expect(log.since(2).events.map((e) => e.id)).toEqual([3, 4, 5]);
    // Event 2 left the ring: the client missed it.
    expect(log.since(1)).toEqual({ events: expect.any(Array), complete: false });
    expect(log.since(5)).toEqual({ events: [], complete: true });
    // An id from a previous server life (ahead of this one) is not a complete replay.
    expect(log.since(99).complete).toBe(false);
  });

  it("keeps delivering when a listener throws", () => {
    const log = new EventLog();
    const seen: string[] = [];
    log.subscribe(() => {
      throw new Error("closed");
    });
    log.subscribe((e) => seen.push(e.type));
    log.publish("x", null);
    expect(seen).toEqual(["x"]);
  });

  it("refuses a capacity below 1", () => {
    expect(() => new EventLog(0)).toThrow(/capacity/);
  });
});
