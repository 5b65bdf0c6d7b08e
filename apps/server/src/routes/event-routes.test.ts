import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createServer } from "../create-server.js";
import { EventLog } from "../event-log.js";
import { FakeDownloads } from "../test-utils/fake-downloads.js";
import { openSse, type SseEvent } from "../test-utils/sse-client.js";
import { createTestLibrary, type TestLibrary } from "../test-utils/test-library.js";
import { writeLlmGguf } from "../test-utils/write-gguf.js";

const data = (e: SseEvent) => JSON.parse(e.data ?? "null");

describe("event stream", () => {
  let lib: TestLibrary;
  let app: FastifyInstance;
  let url: string;
  let events: EventLog;
  let downloads: FakeDownloads;

  beforeEach(async () => {
    lib = await createTestLibrary();
    events = new EventLog(5);
    downloads = new FakeDownloads();
    app = createServer({
      library: lib.library,
      ui: false,
      events,
      downloads,
      heartbeatMs: 50,
      watch: { stabilityMs: 100, batchMs: 100 },
    });
    url = await app.listen({ host: "127.0.0.1", port: 0 });
  });
  afterEach(async () => {
    await app.close();
    await lib.cleanup();
  });

  it("streams library changes with increasing ids, and heartbeats", async () => {
    const sse = await openSse(url, "/api/v1/events");
    expect(sse.status).toBe(200);
    expect(sse.headers["content-type"]).toMatch(/^text\/event-stream/);
    const path = join(lib.dir, "in", "New-Q4_K_M.gguf");
    await writeLlmGguf(path, { seed: 42 });
    const imported = await app.inject({ method: "POST", url: "/api/v1/import", payload: { paths: [path] } });
    const id = imported.json().imported[0].id;
    await app.inject({ method: "DELETE", url: `/api/v1/models/${id}` });
    const removed = await sse.waitFor((e) => e.event === "library" && data(e).kind === "removed");
    expect(data(removed)).toEqual({ kind: "removed", id, origin: "server" });
    const library = sse.received.filter((e) => e.event === "library");
    expect(library.map((e) => data(e).kind)).toEqual(["added", "removed"]);
    const ids = sse.received.filter((e) => e.id !== undefined).map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    await sse.waitFor((e) => e.event === "comment" && e.data === "ping");
    sse.close();
  });

  it("replays what a client missed after Last-Event-ID, or says reset when it is gone", async () => {
    const first = await openSse(url, "/api/v1/events");
    events.publish("test", { n: 1 });
    const seen = await first.waitFor((e) => e.event === "test");
    first.close();
    events.publish("test", { n: 2 });
    events.publish("test", { n: 3 });

    const resumed = await openSse(url, "/api/v1/events", { "last-event-id": seen.id as string });
    await resumed.waitFor((e) => e.event === "test" && data(e).n === 3);
    expect(resumed.received.filter((e) => e.event === "test").map((e) => data(e).n)).toEqual([2, 3]);
    expect(resumed.received.some((e) => e.event === "reset")).toBe(false);
    resumed.close();

    for (let n = 4; n <= 10; n++) events.publish("test", { n });
    const late = await openSse(url, `/api/v1/events?lastEventId=${seen.id}`);
    const reset = await late.waitFor((e) => e.event === "reset");
    await late.waitFor((e) => e.event === "test" && data(e).n === 10);
    const replayed = late.received.filter((e) => e.event === "test").map((e) => data(e).n);
    // The ring keeps 5 events: 6..10.
    expect(replayed).toEqual([6, 7, 8, 9, 10]);
    expect(Number(reset.id)).toBe(Number(late.received.find((e) => e.event === "test")?.id) - 1);
    late.close();
  });

  it("forgets clients that disconnect", async () => {
    const before = events.listenerCount;
    const clients = await Promise.all([1, 2, 3].map(() => openSse(url, "/api/v1/events")));
    expect(events.listenerCount).toBe(before + 3);
    for (const client of clients) client.close();
    for (let i = 0; i < 100 && events.listenerCount !== before; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(events.listenerCount).toBe(before);
  });

  it("shows hand edits found by the watcher", async () => {
    const sse = await openSse(url, "/api/v1/events");
    const record = await lib.library.get(lib.ids.llama);
    const metadataPath = join(record.folder, "metadata.json");
    const metadata = JSON.parse(await readFile(metadataPath, "utf8"));
    await writeFile(metadataPath, JSON.stringify({ ...metadata, notes: "edited by hand" }, null, 2));
    const event = await sse.waitFor((e) => e.event === "library" && data(e).origin === "watcher");
    expect(data(event)).toMatchObject({ kind: "updated", id: lib.ids.llama, origin: "watcher" });
    const shown = await app.inject(`/api/v1/models?q=${encodeURIComponent("edited by hand")}&facets=false`);
    expect(shown.json().items.map((m: { id: string }) => m.id)).toEqual([lib.ids.llama]);
    sse.close();
  });

  it("streams download state and throttled progress", async () => {
    const sse = await openSse(url, "/api/v1/events");
    const started = await app.inject({
      method: "POST",
      url: "/api/v1/pulls",
      payload: { spec: "org/repo:Q4_K_M" },
    });
    const id = started.json().id;
    for (let done = 1; done <= 100; done++) downloads.progress(id, "model.gguf", done * 10, 1000);
    await sse.waitFor((e) => e.event === "progress" && data(e).bytesDone === 1000);
    const progress = sse.received.filter((e) => e.event === "progress").map((e) => data(e).bytesDone);
    // The first and the last always arrive; the 98 in between came within one throttle interval.
    expect(progress[0]).toBe(10);
    expect(progress[progress.length - 1]).toBe(1000);
    expect(progress.length).toBeLessThan(10);
    const states = sse.received.filter((e) => e.event === "download").map((e) => data(e).state);
    expect(states).toEqual(["queued", "running"]);
    sse.close();
  });

  it("ends open streams when the server closes", async () => {
    const sse = await openSse(url, "/api/v1/events");
    await app.close();
    await sse.ended;
    expect(events.listenerCount).toBe(0);
    expect(downloads.listenerCount).toBe(0);
  });
});
